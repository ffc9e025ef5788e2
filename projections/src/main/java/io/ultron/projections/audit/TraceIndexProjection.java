package io.ultron.projections.audit;

import io.ultron.projections.rebuild.ProjectionTables;
import io.ultron.projections.rebuild.RebuildableProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Keeps {@code trace_event_index}: which events (by global index) carry which trace id. The event table's
 * metadata is an opaque blob, so this index is what makes "the whole story of one request" a lookup.
 * Idempotent: the global index is the key. Rebuildable blue/green like every view.
 */
@Component
@ProcessingGroup(TraceIndexProjection.PROCESSING_GROUP)
class TraceIndexProjection implements RebuildableProjection {

    static final String PROCESSING_GROUP = "trace-index";
    static final String TABLE = "trace_event_index";

    private final JdbcTemplate jdbc;
    private final ProjectionTables tables;

    TraceIndexProjection(JdbcTemplate jdbc, ProjectionTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    @Override
    public String table() {
        return TABLE;
    }

    @EventHandler
    void on(EventMessage<?> event, TrackingToken token) {
        Object traceId = event.getMetaData().get("traceId");
        if (!(traceId instanceof String trace) || token == null || token.position().isEmpty()) {
            return;
        }
        String aggregateId = null;
        Long sequence = null;
        if (event instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            sequence = domain.getSequenceNumber();
        }
        long globalIndex = token.position().getAsLong();
        tables.writes(TABLE).update(Long.toString(globalIndex), """
                INSERT IGNORE INTO {table} (global_index, trace_id, aggregate_id, sequence_number, payload_type, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, globalIndex, trace, aggregateId, sequence, event.getPayloadType().getSimpleName(),
                Timestamp.from(event.getTimestamp()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM " + TABLE);
    }
}
