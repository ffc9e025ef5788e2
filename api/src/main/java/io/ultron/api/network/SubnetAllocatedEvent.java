package io.ultron.api.network;

public record SubnetAllocatedEvent(VpcId vpcId, SubnetId subnetId, String idc, String cidr, String gateway) {
}
