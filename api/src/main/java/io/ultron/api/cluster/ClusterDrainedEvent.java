package io.ultron.api.cluster;

public record ClusterDrainedEvent(ClusterId clusterId, String reason) {
}
