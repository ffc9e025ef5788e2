package io.ultron.projections.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterCapabilitiesUpdatedEvent;
import io.ultron.api.cluster.ClusterCapacityBecameKnownEvent;
import io.ultron.api.cluster.ClusterCapacityBecameUnknownEvent;
import io.ultron.api.cluster.ClusterDrainedEvent;
import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterHealthChangedEvent;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.projections.rebuild.RebuildableProjection;
import io.ultron.projections.rebuild.ViewWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Keeps {@code cluster_view}. Every write is guarded by the aggregate's sequence number, so an
 * event delivered twice (replay, retry after a crash, a rebuild's overlap) changes nothing the second time.
 */
@Component
@ProcessingGroup(ClusterViewProjection.PROCESSING_GROUP)
class ClusterViewProjection implements RebuildableProjection {

    static final String PROCESSING_GROUP = "cluster-view";
    static final String TABLE = "cluster_view";

    private static final Logger log = LoggerFactory.getLogger(ClusterViewProjection.class);

    private final ViewWrites writes;
    private final String table;

    @Autowired
    ClusterViewProjection(JdbcTemplate jdbc) {
        this(ViewWrites.immediate(jdbc), TABLE);
    }

    private ClusterViewProjection(ViewWrites writes, String table) {
        this.writes = writes;
        this.table = table;
    }

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public ClusterViewProjection writingInto(UnaryOperator<String> names, ViewWrites writes) {
        return new ClusterViewProjection(writes, names.apply(TABLE));
    }

    @EventHandler
    void on(ClusterRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.update("""
                INSERT INTO %s (id, name, area, idc, keystone_url, credentials_ref, release_label,
                  capabilities, max_concurrent_calls, status, registered_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE id = id
                """.formatted(table),
                event.clusterId().value(), event.name(), event.area(), event.idc(), event.keystoneUrl(),
                event.credentialsRef(), event.release(), joined(event.capabilities()), event.maxConcurrentCalls(),
                ClusterStatus.ACTIVE.name(), ViewWrites.dateTime(time), ViewWrites.dateTime(time), sequence);
        log.debug("cluster {} ({}) added to cluster_view", event.name(), event.clusterId());
    }

    @EventHandler
    void on(ClusterCapabilitiesUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.updateIfNewer(table, event.clusterId().value(), sequence,
                "capabilities", joined(event.capabilities()), "updated_at", ViewWrites.dateTime(time));
    }

    @EventHandler
    void on(ClusterDrainedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        setStatus(event.clusterId().value(), ClusterStatus.DRAINING, event.reason(), sequence, time);
    }

    @EventHandler
    void on(ClusterEnabledEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        setStatus(event.clusterId().value(), ClusterStatus.ACTIVE, null, sequence, time);
    }

    @EventHandler
    void on(ClusterCapacityBecameUnknownEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        setCapacityUnknown(event.clusterId().value(), time, event.reason(), sequence, time);
    }

    @EventHandler
    void on(ClusterCapacityBecameKnownEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        setCapacityUnknown(event.clusterId().value(), null, null, sequence, time);
    }

    @EventHandler
    void on(ClusterHealthChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.updateIfNewer(table, event.clusterId().value(), sequence, "health", event.health().name(),
                "health_since", ViewWrites.dateTime(time), "health_reason", event.reason(), "updated_at", ViewWrites.dateTime(time));
    }

    private void setStatus(String id, ClusterStatus status, String drainReason, long sequence, Instant time) {
        writes.updateIfNewer(table, id, sequence, "status", status.name(), "drain_reason", drainReason, "updated_at", ViewWrites.dateTime(time));
    }

    private void setCapacityUnknown(String id, Instant since, String reason, long sequence, Instant time) {
        writes.updateIfNewer(table, id, sequence, "capacity_unknown_since", ViewWrites.dateTime(since),
                "capacity_unknown_reason", reason, "updated_at", ViewWrites.dateTime(time));
    }

    private static String joined(Set<Capability> capabilities) {
        return capabilities.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

}
