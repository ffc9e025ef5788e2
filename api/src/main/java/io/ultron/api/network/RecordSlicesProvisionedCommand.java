package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordSlicesProvisionedCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId, ClusterId clusterId,
                                             int revision, String neutronNetworkId, String neutronSubnetId) {
}
