package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

/** For the OpenStack task handler: remove the subnet's Neutron network and subnet from {@code clusterId}. */
public record DeleteNeutronSubnetCommand(VpcId vpcId, SubnetId subnetId, ClusterId clusterId) {
}
