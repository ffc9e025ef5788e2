package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ServerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Releases the address a server holds of {@code clusterId} in the IDC of {@code subnetId} (the one its allocation
 * would hand back), if it holds one: the clean-up of a network step that failed after taking an address it could not
 * report.
 */
public record ReleaseServerAddressCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId, ClusterId clusterId,
                                          ServerId serverId) {
}
