package io.ultron.query.network;

import io.ultron.api.network.AllocationPool;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSlicesProvisioningFailedEvent;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpReleasedEvent;
import io.ultron.api.network.NetworkViews.IpPoolView;
import io.ultron.api.network.NetworkViews.PoolTotals;
import io.ultron.api.network.NetworkViews.SubnetView;
import io.ultron.api.network.NetworkViews.VpcView;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetDeletedEvent;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.query.audit.StateFolder;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A VPC with its subnets and pools rebuilt from the VPC's events, for "state as of": the same figures the
 * network views keep, computed from the events alone.
 */
final class VpcStateFolder implements StateFolder<VpcStateFolder.VpcState> {

    static final VpcStateFolder INSTANCE = new VpcStateFolder();

    private VpcStateFolder() {
    }

    /** Immutable snapshots are not needed here: each fold works on a private copy made for one request. */
    static final class VpcState {
        String id;
        String area;
        String tenant;
        String name;
        String department;
        String purpose;
        String cidr;
        String status;
        Instant createdAt;
        final Map<String, SubnetState> subnets = new LinkedHashMap<>();

        VpcView view() {
            List<IpPoolView> pools = subnets.values().stream().flatMap(s -> s.pools(id).stream()).toList();
            return new VpcView(id, area, tenant, name, department, purpose, cidr, status, createdAt, totals(pools));
        }

        SubnetView subnet(String subnetId) {
            SubnetState subnet = subnets.get(subnetId);
            if (subnet == null) {
                return null;
            }
            List<IpPoolView> pools = subnet.pools(id);
            return new SubnetView(subnet.id, id, subnet.idc, subnet.cidr, subnet.gateway, subnet.status, subnet.createdAt,
                    pools, totals(pools));
        }
    }

    static final class SubnetState {
        String id;
        String idc;
        String cidr;
        String gateway;
        String status;
        Instant createdAt;
        final Map<String, Pool> pools = new TreeMap<>();

        List<IpPoolView> pools(String vpcId) {
            List<IpPoolView> views = new ArrayList<>();
            pools.forEach((cluster, pool) -> {
                PoolTotals totals = PoolTotals.of(pool.total, pool.used);
                views.add(new IpPoolView(id, cluster, vpcId, pool.slices, pool.ranges, pool.total, pool.used, totals.free(),
                        totals.percentUsed(), pool.provisionedRevision >= pool.revision ? "READY" : pool.lastError != null ? "FAILED" : "PENDING",
                        pool.lastError, pool.failedAttempts, pool.neutronSubnetId));
            });
            return views;
        }
    }

    static final class Pool {
        List<Integer> slices = List.of();
        List<String> ranges = List.of();
        int total;
        int used;
        int revision;
        int provisionedRevision;
        String lastError;
        int failedAttempts;
        String neutronSubnetId;
    }

    @Override
    public VpcState fold(VpcState state, DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        Instant time = event.getTimestamp();
        if (payload instanceof VpcCreatedEvent e) {
            VpcState created = new VpcState();
            created.id = e.vpcId().value();
            created.area = e.area();
            created.tenant = e.tenant();
            created.name = e.name();
            created.department = e.department();
            created.purpose = e.purpose();
            created.cidr = e.cidr();
            created.status = "ACTIVE";
            created.createdAt = time;
            return created;
        }
        if (state == null) {
            return null;
        }
        if (payload instanceof VpcDeletedEvent) {
            state.status = "DELETED";
        } else if (payload instanceof SubnetAllocatedEvent e) {
            SubnetState subnet = new SubnetState();
            subnet.id = e.subnetId().value();
            subnet.idc = e.idc();
            subnet.cidr = e.cidr();
            subnet.gateway = e.gateway();
            subnet.status = "ACTIVE";
            subnet.createdAt = time;
            state.subnets.put(subnet.id, subnet);
        } else if (payload instanceof SubnetDeletedEvent e) {
            state.subnets.get(e.subnetId().value()).status = "DELETED";
            state.subnets.get(e.subnetId().value()).pools.clear();
        } else if (payload instanceof ClusterSlicesChangedEvent e) {
            Pool pool = pool(state, e.subnetId().value(), e.clusterId().value());
            pool.slices = e.slices();
            pool.ranges = e.pools();
            pool.total = e.pools().stream().mapToInt(VpcStateFolder::size).sum();
            pool.revision = e.revision();
        } else if (payload instanceof ClusterSlicesProvisionedEvent e) {
            Pool pool = pool(state, e.subnetId().value(), e.clusterId().value());
            pool.provisionedRevision = Math.max(pool.provisionedRevision, e.revision());
            pool.neutronSubnetId = e.neutronSubnetId();
            pool.lastError = null;
            pool.failedAttempts = 0;
        } else if (payload instanceof ClusterSlicesProvisioningFailedEvent e) {
            Pool pool = pool(state, e.subnetId().value(), e.clusterId().value());
            pool.lastError = e.reason();
            pool.failedAttempts = e.attempt();
        } else if (payload instanceof IpAllocatedEvent e) {
            pool(state, e.subnetId().value(), e.clusterId().value()).used++;
        } else if (payload instanceof IpReleasedEvent e) {
            pool(state, e.subnetId().value(), e.clusterId().value()).used--;
        }
        return state;
    }

    private static Pool pool(VpcState state, String subnetId, String clusterId) {
        return state.subnets.get(subnetId).pools.computeIfAbsent(clusterId, c -> new Pool());
    }

    private static int size(String pool) {
        return AllocationPool.parse(pool).size();
    }

    private static PoolTotals totals(List<IpPoolView> pools) {
        return PoolTotals.of(pools.stream().mapToInt(IpPoolView::total).sum(), pools.stream().mapToInt(IpPoolView::used).sum());
    }
}
