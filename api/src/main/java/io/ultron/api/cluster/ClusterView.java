package io.ultron.api.cluster;

import java.time.Instant;
import java.util.Set;

/**
 * {@code drainReason}: why a DRAINING cluster drains (null when ACTIVE). {@code capacityUnknownSince} and
 * {@code capacityUnknownReason}: since when, and why, the cluster's capacity cannot be read, so that placement skips
 * it (both null while it can be read). {@code health}, since when and why (null until the cluster's first sync): see
 * {@link ClusterHealth}.
 */
public record ClusterView(
        ClusterId id,
        String name,
        String area,
        String idc,
        String keystoneUrl,
        String credentialsRef,
        String release,
        Set<Capability> capabilities,
        int maxConcurrentCalls,
        ClusterStatus status,
        Instant registeredAt,
        Instant updatedAt,
        long version,
        String drainReason,
        Instant capacityUnknownSince,
        String capacityUnknownReason,
        ClusterHealth health,
        Instant healthSince,
        String healthReason) {

    /** A view whose health is not known yet. */
    public ClusterView(ClusterId id, String name, String area, String idc, String keystoneUrl, String credentialsRef,
                       String release, Set<Capability> capabilities, int maxConcurrentCalls, ClusterStatus status,
                       Instant registeredAt, Instant updatedAt, long version, String drainReason,
                       Instant capacityUnknownSince, String capacityUnknownReason) {
        this(id, name, area, idc, keystoneUrl, credentialsRef, release, capabilities, maxConcurrentCalls, status,
                registeredAt, updatedAt, version, drainReason, capacityUnknownSince, capacityUnknownReason, null, null, null);
    }

    public boolean down() {
        return health == ClusterHealth.DOWN;
    }

    /** A view whose capacity is known. */
    public ClusterView(ClusterId id, String name, String area, String idc, String keystoneUrl, String credentialsRef,
                       String release, Set<Capability> capabilities, int maxConcurrentCalls, ClusterStatus status,
                       Instant registeredAt, Instant updatedAt, long version, String drainReason) {
        this(id, name, area, idc, keystoneUrl, credentialsRef, release, capabilities, maxConcurrentCalls, status,
                registeredAt, updatedAt, version, drainReason, null, null);
    }

    /** A view without a drain reason (as before the field existed). */
    public ClusterView(ClusterId id, String name, String area, String idc, String keystoneUrl, String credentialsRef,
                       String release, Set<Capability> capabilities, int maxConcurrentCalls, ClusterStatus status,
                       Instant registeredAt, Instant updatedAt, long version) {
        this(id, name, area, idc, keystoneUrl, credentialsRef, release, capabilities, maxConcurrentCalls, status,
                registeredAt, updatedAt, version, null);
    }
}
