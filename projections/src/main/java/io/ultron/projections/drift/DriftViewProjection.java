package io.ultron.projections.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.drift.LeftoverServerDeletedEvent;
import io.ultron.api.drift.LeftoverServerDeletionStartedEvent;
import io.ultron.api.drift.UnownedServerAdoptedEvent;
import io.ultron.api.drift.UnownedServerChangedEvent;
import io.ultron.api.drift.UnownedServerFoundEvent;
import io.ultron.api.drift.UnownedServerGoneEvent;
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
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Keeps {@code unowned_server_view}: what sync found in the clusters that no Ultron server owns. Every write is guarded
 * by the aggregate's sequence number, so an event delivered twice changes nothing the second time.
 */
@Component
@ProcessingGroup(DriftViewProjection.PROCESSING_GROUP)
class DriftViewProjection implements RebuildableProjection {

    static final String PROCESSING_GROUP = "drift-views";
    static final String TABLE = "unowned_server_view";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REASON_LENGTH = 512;

    private final ViewWrites writes;
    private final String table;

    @Autowired
    DriftViewProjection(JdbcTemplate jdbc) {
        this(ViewWrites.immediate(jdbc), TABLE);
    }

    private DriftViewProjection(ViewWrites writes, String table) {
        this.writes = writes;
        this.table = table;
    }

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public DriftViewProjection writingInto(UnaryOperator<String> names, ViewWrites writes) {
        return new DriftViewProjection(writes, names.apply(TABLE));
    }

    /** Found for the first time, or again after it was gone: the row starts over. */
    @EventHandler
    void on(UnownedServerFoundEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.update("""
                INSERT INTO %s (id, cluster_id, nova_server_id, name, kind, nova_status, host, addresses, present,
                  found_at, updated_at, deletion_started_at, gone_reason, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, NULL, NULL, ?)
                ON DUPLICATE KEY UPDATE
                  name = IF(version < VALUES(version), VALUES(name), name),
                  nova_status = IF(version < VALUES(version), VALUES(nova_status), nova_status),
                  host = IF(version < VALUES(version), VALUES(host), host),
                  addresses = IF(version < VALUES(version), VALUES(addresses), addresses),
                  present = IF(version < VALUES(version), TRUE, present),
                  found_at = IF(version < VALUES(version), VALUES(found_at), found_at),
                  updated_at = IF(version < VALUES(version), VALUES(updated_at), updated_at),
                  deletion_started_at = IF(version < VALUES(version), NULL, deletion_started_at),
                  gone_reason = IF(version < VALUES(version), NULL, gone_reason),
                  version = GREATEST(version, VALUES(version))
                """.formatted(table),
                event.id().value(), event.clusterId().value(), event.novaServerId(), event.name(), event.kind().name(),
                event.novaStatus(), event.host(), json(event.addresses()), ViewWrites.dateTime(time),
                ViewWrites.dateTime(time), sequence);
    }

    @EventHandler
    void on(UnownedServerChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.updateIfNewer(table, event.id().value(), sequence, "nova_status", event.novaStatus(), "host", event.host(),
                "addresses", json(event.addresses()), "updated_at", ViewWrites.dateTime(time));
    }

    @EventHandler
    void on(UnownedServerGoneEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.updateIfNewer(table, event.id().value(), sequence, "present", false, "gone_reason", reason(event.reason()),
                "updated_at", ViewWrites.dateTime(time));
    }

    @EventHandler
    void on(LeftoverServerDeletionStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.updateIfNewer(table, event.id().value(), sequence, "deletion_started_at", ViewWrites.dateTime(time),
                "updated_at", ViewWrites.dateTime(time));
    }

    @EventHandler
    void on(LeftoverServerDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.updateIfNewer(table, event.id().value(), sequence, "present", false, "gone_reason", "deleted as a leftover",
                "updated_at", ViewWrites.dateTime(time));
    }

    @EventHandler
    void on(UnownedServerAdoptedEvent event, @SequenceNumber long sequence, @Timestamp Instant time) {
        writes.updateIfNewer(table, event.id().value(), sequence, "present", false,
                "gone_reason", "adopted as server " + event.serverId().value(), "updated_at", ViewWrites.dateTime(time));
    }

    private static String reason(String reason) {
        return reason == null || reason.length() <= REASON_LENGTH ? reason : reason.substring(0, REASON_LENGTH);
    }

    private static String json(List<String> addresses) {
        try {
            return JSON.writeValueAsString(addresses == null ? List.of() : addresses);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
