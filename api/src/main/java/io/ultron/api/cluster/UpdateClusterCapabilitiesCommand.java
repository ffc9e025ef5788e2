package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

public record UpdateClusterCapabilitiesCommand(@TargetAggregateIdentifier ClusterId clusterId, Set<Capability> capabilities) {
}
