package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Answers an {@link IpAllocationOutcome}. */
public record AllocateIpCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId, ClusterId clusterId, String owner) {
}
