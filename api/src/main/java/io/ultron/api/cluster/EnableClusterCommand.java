package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EnableClusterCommand(@TargetAggregateIdentifier ClusterId clusterId) {
}
