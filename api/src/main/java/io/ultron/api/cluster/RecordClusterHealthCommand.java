package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** From sync: the cluster's health after a sync; recorded only when it changes. {@code reason} null when UP. */
public record RecordClusterHealthCommand(@TargetAggregateIdentifier ClusterId clusterId, ClusterHealth health,
                                         String reason) {
}
