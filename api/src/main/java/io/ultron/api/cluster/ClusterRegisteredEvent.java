package io.ultron.api.cluster;

import java.util.Set;

public record ClusterRegisteredEvent(
        ClusterId clusterId,
        String name,
        String area,
        String idc,
        String keystoneUrl,
        String credentialsRef,
        String release,
        Set<Capability> capabilities,
        int maxConcurrentCalls) {
}
