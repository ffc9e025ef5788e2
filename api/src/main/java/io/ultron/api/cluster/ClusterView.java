package io.ultron.api.cluster;

import java.time.Instant;
import java.util.Set;

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
        String drainReason) {
}
