package io.ultron.api.network;

import java.time.Instant;
import java.util.List;

/** Read models of VPCs, subnets, IP pools and addresses. */
public final class NetworkViews {

    private NetworkViews() {
    }

    public record VpcView(String id, String area, String tenant, String name, String department, String purpose, String cidr,
                          String status, Instant createdAt, PoolTotals totals) {
    }

    public record SubnetView(String id, String vpcId, String idc, String cidr, String gateway, String status,
                             Instant createdAt, List<IpPoolView> pools, PoolTotals totals) {
    }

    /**
     * One cluster's share of one subnet. {@code provisioningStatus}: PENDING until Neutron has the latest
     * slices, READY after, FAILED while the saga retries (see {@code lastError}).
     */
    public record IpPoolView(String subnetId, String clusterId, String vpcId, List<Integer> slices, List<String> pools,
                             int total, int used, int free, double percentUsed, String provisioningStatus,
                             String lastError, int failedAttempts, String neutronSubnetId) {
    }

    public record PoolTotals(int total, int used, int free, double percentUsed) {

        public static PoolTotals of(int total, int used) {
            return new PoolTotals(total, used, total - used, total == 0 ? 0 : Math.round(1000.0 * used / total) / 10.0);
        }
    }

    /** The pools asked for, with totals over all of them, per VPC and per cluster. */
    public record IpPoolsView(List<IpPoolView> pools, PoolTotals total, List<Total> perVpc, List<Total> perCluster) {

        public record Total(String id, PoolTotals totals) {
        }
    }

    public record IpAllocationView(String address, String vpcId, String subnetId, String clusterId, String owner, Instant allocatedAt) {
    }

    public record IpHistoryEntryView(String action, String owner, String clusterId, String subnetId, String traceId, Instant at) {
    }

    /** Who holds an address now (null when free) and everything that happened to it. */
    public record IpAddressView(String address, IpAllocationView holder, List<IpHistoryEntryView> history) {
    }
}
