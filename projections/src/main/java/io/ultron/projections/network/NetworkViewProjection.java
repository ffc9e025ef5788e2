package io.ultron.projections.network;

import io.ultron.api.network.AllocationPool;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSlicesProvisioningFailedEvent;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpReleasedEvent;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetDeletedEvent;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.api.network.VpcId;
import io.ultron.projections.rebuild.RebuildableProjection;
import io.ultron.projections.rebuild.ViewWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Keeps the VPC, subnet, IP-pool and address views. Events of one VPC arrive in order (one aggregate, one
 * segment); each is applied only if its sequence number is past the VPC's recorded position, in the same
 * transaction as the position update, so a redelivered event changes nothing. The position table is rebuilt with
 * the views, so after a rebuild's swap the live processor skips what the rebuild applied.
 */
@Component
@ProcessingGroup(NetworkViewProjection.PROCESSING_GROUP)
class NetworkViewProjection implements RebuildableProjection {

    static final String PROCESSING_GROUP = "network-views";
    static final String VPCS = "vpc_view";
    static final String SUBNETS = "subnet_view";
    static final String POOLS = "ip_pool_view";
    static final String ALLOCATIONS = "ip_allocation_view";
    static final String HISTORY = "ip_history_view";
    static final String POSITIONS = "network_view_position";

    private final JdbcTemplate jdbc;
    private final ViewWrites writes;
    private final String vpcs;
    private final String subnets;
    private final String pools;
    private final String allocations;
    private final String history;
    private final String positions;

    @Autowired
    NetworkViewProjection(JdbcTemplate jdbc) {
        this(jdbc, ViewWrites.immediate(jdbc), UnaryOperator.identity());
    }

    private NetworkViewProjection(JdbcTemplate jdbc, ViewWrites writes, UnaryOperator<String> names) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.vpcs = names.apply(VPCS);
        this.subnets = names.apply(SUBNETS);
        this.pools = names.apply(POOLS);
        this.allocations = names.apply(ALLOCATIONS);
        this.history = names.apply(HISTORY);
        this.positions = names.apply(POSITIONS);
    }

    @Override
    public List<String> tables() {
        return List.of(VPCS, SUBNETS, POOLS, ALLOCATIONS, HISTORY, POSITIONS);
    }

    @Override
    public NetworkViewProjection writingInto(UnaryOperator<String> names, ViewWrites writes) {
        return new NetworkViewProjection(jdbc, writes, names);
    }

    @EventHandler
    void on(VpcCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        if (firstDelivery(event.vpcId(), sequence)) {
            writes.update("""
                    INSERT INTO %s (id, area, tenant, name, department, purpose, cidr, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)
                    """.formatted(vpcs), event.vpcId().value(), event.area(), event.tenant(), event.name(), event.department(),
                    event.purpose(), event.cidr(), ViewWrites.dateTime(time), ViewWrites.dateTime(time));
        }
    }

    @EventHandler
    void on(VpcDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        if (firstDelivery(event.vpcId(), sequence)) {
            writes.update("UPDATE " + vpcs + " SET status = 'DELETED', updated_at = ? WHERE id = ?",
                    ViewWrites.dateTime(time), event.vpcId().value());
        }
    }

    @EventHandler
    void on(SubnetAllocatedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        if (firstDelivery(event.vpcId(), sequence)) {
            writes.update("""
                    INSERT INTO %s (id, vpc_id, idc, cidr, gateway, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)
                    """.formatted(subnets), event.subnetId().value(), event.vpcId().value(), event.idc(), event.cidr(), event.gateway(),
                    ViewWrites.dateTime(time), ViewWrites.dateTime(time));
        }
    }

    @EventHandler
    void on(SubnetDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        if (firstDelivery(event.vpcId(), sequence)) {
            String subnet = event.subnetId().value();
            writes.update("UPDATE " + subnets + " SET status = 'DELETED', updated_at = ? WHERE id = ?", ViewWrites.dateTime(time), subnet);
            writes.update("DELETE FROM " + pools + " WHERE subnet_id = ?", subnet);
        }
    }

    @EventHandler
    void on(ClusterSlicesChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        if (firstDelivery(event.vpcId(), sequence)) {
            String slices = event.slices().stream().map(String::valueOf).collect(Collectors.joining(","));
            writes.update("""
                    INSERT INTO %s (subnet_id, cluster_id, vpc_id, slices, pools, total, used, revision,
                                              provisioned_revision, provisioning_status, failed_attempts, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0, 'PENDING', 0, ?)
                    ON DUPLICATE KEY UPDATE slices = VALUES(slices), pools = VALUES(pools), total = VALUES(total),
                                            revision = VALUES(revision), provisioning_status = 'PENDING', updated_at = VALUES(updated_at)
                    """.formatted(pools), event.subnetId().value(), event.clusterId().value(), event.vpcId().value(), slices,
                    String.join(",", event.pools()), size(event.pools()), event.revision(), ViewWrites.dateTime(time));
        }
    }

    @EventHandler
    void on(ClusterSlicesProvisionedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        if (firstDelivery(event.vpcId(), sequence)) {
            writes.update("""
                    UPDATE %s SET provisioned_revision = GREATEST(provisioned_revision, ?),
                           provisioning_status = IF(GREATEST(provisioned_revision, ?) >= revision, 'READY', provisioning_status),
                           neutron_network_id = ?, neutron_subnet_id = ?, last_error = NULL, failed_attempts = 0, updated_at = ?
                    WHERE subnet_id = ? AND cluster_id = ?
                    """.formatted(pools), event.revision(), event.revision(), event.neutronNetworkId(), event.neutronSubnetId(), ViewWrites.dateTime(time),
                    event.subnetId().value(), event.clusterId().value());
        }
    }

    @EventHandler
    void on(ClusterSlicesProvisioningFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        if (firstDelivery(event.vpcId(), sequence)) {
            writes.update("""
                    UPDATE %s SET provisioning_status = 'FAILED', last_error = ?, failed_attempts = ?, updated_at = ?
                    WHERE subnet_id = ? AND cluster_id = ? AND revision > provisioned_revision
                    """.formatted(pools), truncate(event.reason()), event.attempt(), ViewWrites.dateTime(time), event.subnetId().value(), event.clusterId().value());
        }
    }

    @EventHandler
    void on(IpAllocatedEvent event, EventMessage<?> message, TrackingToken token, @SequenceNumber long sequence,
            @Timestamp Instant time, @MetaDataValue("traceId") String traceId) {
        if (firstDelivery(event.vpcId(), sequence)) {
            writes.update("""
                    INSERT INTO %s (address, vpc_id, subnet_id, cluster_id, owner, allocated_at) VALUES (?, ?, ?, ?, ?, ?)
                    """.formatted(allocations), event.address(), event.vpcId().value(), event.subnetId().value(), event.clusterId().value(), event.owner(), ViewWrites.dateTime(time));
            writes.update("UPDATE " + pools + " SET used = used + 1 WHERE subnet_id = ? AND cluster_id = ?",
                    event.subnetId().value(), event.clusterId().value());
            history(message, token, "ALLOCATED", event.address(), event.vpcId(), event.subnetId().value(), event.clusterId().value(),
                    event.owner(), traceId, time);
        }
    }

    @EventHandler
    void on(IpReleasedEvent event, EventMessage<?> message, TrackingToken token, @SequenceNumber long sequence,
            @Timestamp Instant time, @MetaDataValue("traceId") String traceId) {
        if (firstDelivery(event.vpcId(), sequence)) {
            writes.update("DELETE FROM " + allocations + " WHERE address = ?", event.address());
            writes.update("UPDATE " + pools + " SET used = used - 1 WHERE subnet_id = ? AND cluster_id = ?",
                    event.subnetId().value(), event.clusterId().value());
            history(message, token, "RELEASED", event.address(), event.vpcId(), event.subnetId().value(), event.clusterId().value(),
                    event.owner(), traceId, time);
        }
    }

    /**
     * Advances the VPC's position; false when this event (or a later one) was applied already. The row is created
     * before the guarded update: an update of a row that does not exist yet would take a gap lock, and two VPCs' first
     * events in parallel would deadlock on it. The update holds the row until the transaction ends.
     */
    private boolean firstDelivery(VpcId vpc, long sequence) {
        String id = vpc.value();
        jdbc.update("INSERT IGNORE INTO " + positions + " (vpc_id, sequence) VALUES (?, -1)", id);
        return jdbc.update("UPDATE " + positions + " SET sequence = ? WHERE vpc_id = ? AND sequence < ?", sequence, id, sequence) == 1;
    }

    /** Keyed by the event's global index too: an address's history is read in the order its events were stored. */
    private void history(EventMessage<?> message, TrackingToken token, String action, String address, VpcId vpc, String subnet,
                         String cluster, String owner, String traceId, Instant time) {
        writes.update("""
                INSERT INTO %s (event_id, global_index, address, action, vpc_id, subnet_id, cluster_id, owner, trace_id, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """.formatted(history), message.getIdentifier(), token.position().orElseThrow(), address, action, vpc.value(), subnet, cluster, owner,
                traceId, ViewWrites.dateTime(time));
    }

    private static int size(List<String> pools) {
        return pools.stream().mapToInt(pool -> AllocationPool.parse(pool).size()).sum();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1024 ? text : text.substring(0, 1024);
    }

}
