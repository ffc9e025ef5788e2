package io.ultron.api.network;

/** Queries of the network views. Each is answered by the record of the same name ending in View. */
public final class NetworkQueries {

    private NetworkQueries() {
    }

    public record FindVpcQuery(VpcId vpcId) {
    }

    /** VPCs, optionally of one tenant (null: all), and only of {@code tenants} (null: any; see {@code TenantScope}). */
    public record FindVpcsQuery(String tenant, java.util.Set<String> tenants) {
    }

    public record FindSubnetQuery(SubnetId subnetId) {
    }

    public record FindSubnetsQuery(VpcId vpcId) {
    }

    /** Per subnet × cluster pools, narrowed by VPC and/or cluster (null: any), of VPCs of {@code tenants} (null: any). */
    public record FindIpPoolsQuery(VpcId vpcId, String clusterId, java.util.Set<String> tenants) {
    }

    public record FindSubnetIpsQuery(SubnetId subnetId) {
    }

    public record FindIpAddressQuery(String address) {
    }
}
