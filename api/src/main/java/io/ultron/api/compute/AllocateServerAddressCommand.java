package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;

/** Allocates the server's address (owner = server id); asking again returns the address the server already holds. Answers {@link io.ultron.api.network.IpAllocationOutcome}. */
public record AllocateServerAddressCommand(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, ServerId serverId) {
}
