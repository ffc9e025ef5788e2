package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

public record IpReleasedEvent(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, String address, String owner) {
}
