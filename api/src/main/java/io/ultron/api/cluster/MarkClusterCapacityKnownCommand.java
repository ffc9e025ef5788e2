package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The conductors read the cluster's capacity again. */
public record MarkClusterCapacityKnownCommand(@TargetAggregateIdentifier ClusterId clusterId) {
}
