package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordSlicesProvisioningFailedCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId,
                                                    ClusterId clusterId, int revision, String reason, int attempt) {
}
