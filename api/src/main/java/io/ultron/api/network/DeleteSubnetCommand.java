package io.ultron.api.network;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteSubnetCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId) {
}
