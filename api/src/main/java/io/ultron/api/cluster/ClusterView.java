package io.ultron.api.cluster;

import java.time.Instant;
import java.util.Set;

/**
 * {@code drainReason}: why a DRAINING cluster drains (null when ACTIVE). {@code capacityUnknownSince} and
 * {@code capacityUnknownReason}: since when, and why, the cluster's capacity cannot be read, so that placement skips
 * it (both null while it can be read).
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
        String capacityUnknownReason) {

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
