package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The conductors could not read the cluster's capacity (Nova's hypervisor statistics) for a while; {@code reason} says why. */
public record MarkClusterCapacityUnknownCommand(@TargetAggregateIdentifier ClusterId clusterId, String reason) {
}
