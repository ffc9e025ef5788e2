package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DrainClusterCommand(@TargetAggregateIdentifier ClusterId clusterId, String reason) {
}
