package io.ultron.api.network;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteVpcCommand(@TargetAggregateIdentifier VpcId vpcId) {
}
