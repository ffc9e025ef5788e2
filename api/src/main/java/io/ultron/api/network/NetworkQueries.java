package io.ultron.api.network;

/** Queries of the network views. Each is answered by the record of the same name ending in View. */
public final class NetworkQueries {

    private NetworkQueries() {
    }

    public record FindVpcQuery(VpcId vpcId) {
    }

    /**
     * The tenant of a VPC that exists and is not deleted, read from the VPC's own events rather than a view, so it is
     * known the moment the VPC is created. Answered by an optional tenant name.
     */
    public record FindVpcOwnerQuery(VpcId vpcId) {
    }

    /**
     * The tenant a resource (a VPC, a batch or a server: its aggregate id) belongs to, from its first event, deleted or
     * not. Empty for a resource that never existed or belongs to no tenant (a cluster). Answered by an optional name.
     */
    public record FindResourceOwnerQuery(String aggregateId) {
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
