package io.ultron.api.network;

/** Queries of the network views. Each is answered by the record of the same name ending in View. */
public final class NetworkQueries {

    private NetworkQueries() {
    }

    public record FindVpcQuery(VpcId vpcId) {
    }

    /** VPCs, optionally of one tenant (null: all). */
    public record FindVpcsQuery(String tenant) {
    }

    public record FindSubnetQuery(SubnetId subnetId) {
    }

    public record FindSubnetsQuery(VpcId vpcId) {
    }

    /** Per subnet × cluster pools, narrowed by VPC and/or cluster (null: any). */
    public record FindIpPoolsQuery(VpcId vpcId, String clusterId) {
    }

    public record FindSubnetIpsQuery(SubnetId subnetId) {
    }

    public record FindIpAddressQuery(String address) {
    }
}
