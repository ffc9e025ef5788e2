package io.ultron.api.cluster;

/** The cluster's health changed; {@code reason} says why it is not UP (null when UP). */
public record ClusterHealthChangedEvent(ClusterId clusterId, ClusterHealth health, String reason) {
}
