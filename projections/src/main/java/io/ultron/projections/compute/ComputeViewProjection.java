package io.ultron.projections.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.compute.BatchCompletedEvent;
import io.ultron.api.compute.BatchRequestedEvent;
import io.ultron.api.compute.BatchServerSettledEvent;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.ServerChangedOutsideEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionFailedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.projections.rebuild.RebuildableProjection;
import io.ultron.projections.rebuild.ViewWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Keeps {@code server_view} and {@code batch_view}. Every write is guarded by the sequence number of the
 * aggregate the event belongs to (the server's for server events, the batch's for batch events), so an event
 * delivered twice (replay, retry after a crash, a rebuild's overlap) changes nothing the second time; that
 * is also what counts each settled server of a batch exactly once.
 */
@Component
@ProcessingGroup(ComputeViewProjection.PROCESSING_GROUP)
class ComputeViewProjection implements RebuildableProjection {

    static final String PROCESSING_GROUP = "compute-views";
    static final String SERVERS = "server_view";
    static final String BATCHES = "batch_view";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REASON_LENGTH = 1024;

    private final ViewWrites writes;
    private final String servers;
    private final String batches;

    @Autowired
    ComputeViewProjection(JdbcTemplate jdbc) {
        this(ViewWrites.immediate(jdbc), UnaryOperator.identity());
    }

    private ComputeViewProjection(ViewWrites writes, UnaryOperator<String> names) {
        this.writes = writes;
        this.servers = names.apply(SERVERS);
        this.batches = names.apply(BATCHES);
    }

    @Override
    public List<String> tables() {
        return List.of(SERVERS, BATCHES);
    }

    @Override
    public ComputeViewProjection writingInto(UnaryOperator<String> names, ViewWrites writes) {
        return new ComputeViewProjection(writes, names);
    }

    @EventHandler
    void on(ServerRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        ServerSpec spec = event.spec();
        String id = event.serverId().value();
        writes.update("""
                INSERT INTO %s (id, batch_id, tenant, name, vpc_id, idc, status, flavor, image, boot_disk, disk_gb,
                  security_groups, preemptible, attempt, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
                ON DUPLICATE KEY UPDATE id = id
                """.formatted(servers),
                id, event.batchId().value(), spec.tenant(), spec.name(), spec.vpcId().value(), spec.idc(),
                ServerStatus.REQUESTED.name(), spec.flavor(), spec.image(),
                spec.bootDisk() == null ? null : spec.bootDisk().name(), spec.diskGb(), json(spec.securityGroups()),
                spec.preemptible(), ViewWrites.dateTime(time), ViewWrites.dateTime(time), sequence);
    }

    /** As the cluster showed it; in no batch (its row's batch_id is ''). */
    @EventHandler
    void on(ServerAdoptedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        ServerSpec spec = event.spec();
        writes.update("""
                INSERT INTO %s (id, batch_id, tenant, name, vpc_id, idc, cluster_id, subnet_id, status, address, host,
                  flavor, image, boot_disk, disk_gb, security_groups, preemptible, attempt, nova_server_id, created_at,
                  updated_at, version)
                VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE id = id
                """.formatted(servers),
                event.serverId().value(), spec.tenant(), spec.name(), spec.vpcId().value(), spec.idc(),
                event.clusterId().value(), event.subnetId().value(), event.status().name(), event.address(), event.host(),
                spec.flavor(), spec.image(), spec.bootDisk() == null ? null : spec.bootDisk().name(), spec.diskGb(),
                json(spec.securityGroups()), spec.preemptible(), event.novaServerId(), ViewWrites.dateTime(time),
                ViewWrites.dateTime(time), sequence);
    }

    @EventHandler
    void on(ServerScheduledEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time,
                "status", ServerStatus.SCHEDULED.name(), "cluster_id", event.clusterId().value(),
                "subnet_id", event.subnetId().value(), "attempt", event.attempt());
    }

    @EventHandler
    void on(ServerNetworkReadyEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time,
                "status", ServerStatus.NETWORK_READY.name(), "cluster_id", event.clusterId().value(),
                "subnet_id", event.subnetId().value(), "address", event.address());
    }

    @EventHandler
    void on(ServerBuildingEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time,
                "status", ServerStatus.BUILDING.name(), "nova_server_id", event.novaServerId());
    }

    /** A server that made it (possibly on its second attempt) no longer shows why an earlier attempt failed. */
    @EventHandler
    void on(ServerActiveEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time,
                "status", ServerStatus.ACTIVE.name(), "cluster_id", event.clusterId().value(), "host", event.host(),
                "address", event.address(), "failure_reason", null);
    }

    /** The status stays while the saga compensates; the reason shows why. */
    @EventHandler
    void on(ServerProvisioningFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "failure_reason", reason(event.reason()));
    }

    /** What the attempt made in its cluster is gone; the cluster stays visible until the server is scheduled again. */
    @EventHandler
    void on(ServerCompensatedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "address", null, "nova_server_id", null, "host", null);
    }

    @EventHandler
    void on(ServerFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time,
                "status", ServerStatus.FAILED.name(), "failure_reason", reason(event.reason()));
    }

    @EventHandler
    void on(ServerPowerActionRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "pending_action", event.action().name());
    }

    @EventHandler
    void on(ServerPowerActionCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "status", event.status().name(), "pending_action", null);
    }

    @EventHandler
    void on(ServerPowerActionFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "pending_action", null, "failure_reason", reason(event.reason()));
    }

    @EventHandler
    void on(ServerDeletionRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "status", ServerStatus.DELETING.name(), "pending_action", null);
    }

    /** Deleting is retried; the reason shows what stands in the way. */
    @EventHandler
    void on(ServerCleanUpFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "failure_reason", reason(event.reason()));
    }

    /** The row stays, with the last address, host and cluster the server had: history matters. */
    @EventHandler
    void on(ServerDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "status", ServerStatus.DELETED.name());
    }

    /** Sync saw the server changed in its cluster; an ERROR shows Nova's fault as the reason. */
    @EventHandler
    void on(ServerChangedOutsideEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "status", event.status().name(), "host", event.host(),
                "failure_reason", event.fault() == null ? null : reason(event.fault()));
    }

    /** Deleted outside Ultron: the address stays in the row, as with any deleted server. */
    @EventHandler
    void on(ServerVanishedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        server(event.serverId(), sequence, time, "status", ServerStatus.DELETED.name(), "pending_action", null,
                "failure_reason", reason(event.reason()));
    }

    @EventHandler
    void on(BatchRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        String id = event.batchId().value();
        writes.update("""
                INSERT INTO %s (id, tenant, name_prefix, requested, active, failed, completed, created_at, version)
                VALUES (?, ?, ?, ?, 0, 0, FALSE, ?, ?)
                ON DUPLICATE KEY UPDATE id = id
                """.formatted(batches), id, event.tenant(), event.namePrefix(), event.requested(), ViewWrites.dateTime(time), sequence);
    }

    @EventHandler
    void on(BatchServerSettledEvent event, @SequenceNumber long sequence) {
        String id = event.batchId().value();
        // an upsert like ViewWrites.updateIfNewer, adding instead of setting
        writes.update("""
                INSERT INTO %s (id, active, failed, version) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE active = IF(version < VALUES(version), active + VALUES(active), active),
                                        failed = IF(version < VALUES(version), failed + VALUES(failed), failed),
                                        version = GREATEST(version, VALUES(version))
                """.formatted(batches), id, event.active() ? 1 : 0, event.active() ? 0 : 1, sequence);
    }

    /** The batch's own final counts are authoritative. */
    @EventHandler
    void on(BatchCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        String id = event.batchId().value();
        writes.updateIfNewer(batches, id, sequence, "requested", event.requested(), "active", event.active(),
                "failed", event.failed(), "completed", true, "completed_at", ViewWrites.dateTime(time));
    }

    /** Sets the columns (name, value, …) and {@code updated_at} on the server's row, once per event. */
    private void server(ServerId serverId, long sequence, Instant time, Object... columnsAndValues) {
        List<Object> columns = new ArrayList<>(Arrays.asList(columnsAndValues));
        columns.addAll(List.of("updated_at", ViewWrites.dateTime(time)));
        writes.updateIfNewer(servers, serverId.value(), sequence, columns.toArray());
    }

    private static String reason(String reason) {
        return reason == null || reason.length() <= REASON_LENGTH ? reason : reason.substring(0, REASON_LENGTH);
    }

    private static String json(List<String> names) {
        try {
            return JSON.writeValueAsString(names == null ? List.of() : names);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

}
