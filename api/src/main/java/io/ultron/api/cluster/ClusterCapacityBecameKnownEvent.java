package io.ultron.api.cluster;

/** The cluster's capacity can be read again; placement considers it again. */
public record ClusterCapacityBecameKnownEvent(ClusterId clusterId) {
}
