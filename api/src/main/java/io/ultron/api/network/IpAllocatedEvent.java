package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

public record IpAllocatedEvent(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, String address, String owner) {
}
