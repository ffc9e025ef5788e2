package io.ultron.projections.audit;

import io.ultron.projections.rebuild.RebuildableProjection;
import io.ultron.projections.rebuild.ViewWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Keeps {@code trace_event_index}: which events (by global index) carry which trace id. The event table's
 * metadata is an opaque blob, so this index is what makes "the whole story of one request" a lookup.
 * Idempotent: the global index is the key.
 */
@Component
@ProcessingGroup(TraceIndexProjection.PROCESSING_GROUP)
class TraceIndexProjection implements RebuildableProjection {

    static final String PROCESSING_GROUP = "trace-index";
    static final String TABLE = "trace_event_index";

    private final ViewWrites writes;
    private final String table;

    @Autowired
    TraceIndexProjection(JdbcTemplate jdbc) {
        this(ViewWrites.immediate(jdbc), TABLE);
    }

    private TraceIndexProjection(ViewWrites writes, String table) {
        this.writes = writes;
        this.table = table;
    }

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public TraceIndexProjection writingInto(UnaryOperator<String> names, ViewWrites writes) {
        return new TraceIndexProjection(writes, names.apply(TABLE));
    }

    @EventHandler
    void on(EventMessage<?> event, TrackingToken token) {
        Object traceId = event.getMetaData().get("traceId");
        if (!(traceId instanceof String trace) || token.position().isEmpty()) {
            return;
        }
        String aggregateId = null;
        Long sequence = null;
        if (event instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            sequence = domain.getSequenceNumber();
        }
        long globalIndex = token.position().getAsLong();
        writes.update("""
                INSERT IGNORE INTO %s (global_index, trace_id, aggregate_id, sequence_number, payload_type, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """.formatted(table), globalIndex, trace, aggregateId, sequence, event.getPayloadType().getSimpleName(),
                ViewWrites.dateTime(event.getTimestamp()));
    }
}
