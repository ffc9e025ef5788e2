package io.ultron.api.cluster;

/** From now on placement skips the cluster: its capacity cannot be read, for {@code reason}. */
public record ClusterCapacityBecameUnknownEvent(ClusterId clusterId, String reason) {
}
