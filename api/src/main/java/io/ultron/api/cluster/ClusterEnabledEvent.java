package io.ultron.api.cluster;

public record ClusterEnabledEvent(ClusterId clusterId) {
}
