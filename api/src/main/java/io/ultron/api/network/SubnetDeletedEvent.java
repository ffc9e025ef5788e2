package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

/** The subnet held no address; its Neutron subnets in {@code clusters} are to be removed. */
public record SubnetDeletedEvent(VpcId vpcId, SubnetId subnetId, String cidr, List<ClusterId> clusters) {
}
