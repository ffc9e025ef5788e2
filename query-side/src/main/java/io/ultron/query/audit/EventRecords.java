package io.ultron.query.audit;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.stream.Stream;

/**
 * Reads stored events straight from the event table, as a lazy stream over a server-side cursor (rows
 * are fetched as the stream is consumed, never the whole history at once), upcast to their current
 * shape and deserialized exactly as the event store would. Close the streams (try-with-resources):
 * each holds a connection until closed.
 */
@Component
public class EventRecords {

    private static final String COLUMNS = """
            e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, e.eventIdentifier, e.timeStamp,
            e.payloadType, e.payloadRevision, e.payload, e.metaData
            """;

    private static final RowMapper<TrackedDomainEventData<byte[]>> ROW = (rs, n) -> new TrackedDomainEventData<>(
            new GlobalSequenceTrackingToken(rs.getLong("globalIndex")),
            new GenericDomainEventEntry<>(rs.getString("type"), rs.getString("aggregateIdentifier"), rs.getLong("sequenceNumber"),
                    rs.getString("eventIdentifier"), rs.getString("timeStamp"), rs.getString("payloadType"),
                    rs.getString("payloadRevision"), rs.getBytes("payload"), rs.getBytes("metaData")));

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;
    private final ObjectProvider<Configuration> axon;

    EventRecords(JdbcTemplate jdbc, DataSource dataSource, ObjectProvider<Configuration> axon) {
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(dataSource);
        // MySQL Connector/J streams rows one by one only with this fetch size
        this.cursor.setFetchSize(Integer.MIN_VALUE);
        this.axon = axon;
    }

    public boolean aggregateExists(String aggregateId) {
        return !jdbc.queryForList("SELECT 1 FROM DomainEventEntry WHERE aggregateIdentifier = ? LIMIT 1", Integer.class, aggregateId).isEmpty();
    }

    public boolean traceExists(String traceId) {
        return !jdbc.queryForList("SELECT 1 FROM trace_event_index WHERE trace_id = ? LIMIT 1", Integer.class, traceId).isEmpty();
    }

    /** The aggregate's events, oldest first. */
    public Stream<TrackedEventMessage<?>> ofAggregate(String aggregateId) {
        return deserialized(cursor.queryForStream("SELECT " + COLUMNS + " FROM DomainEventEntry e "
                + "WHERE e.aggregateIdentifier = ? ORDER BY e.sequenceNumber", ROW, aggregateId));
    }

    /** The aggregate's first event (none if it has none). */
    public Stream<TrackedEventMessage<?>> firstOf(String aggregateId) {
        return deserialized(jdbc.query("SELECT " + COLUMNS + " FROM DomainEventEntry e "
                + "WHERE e.aggregateIdentifier = ? AND e.sequenceNumber = 0", ROW, aggregateId).stream());
    }

    /** Every event carrying the trace id, in the global order of the event store. */
    public Stream<TrackedEventMessage<?>> ofTrace(String traceId) {
        return deserialized(cursor.queryForStream("SELECT " + COLUMNS + " FROM trace_event_index t "
                + "JOIN DomainEventEntry e ON e.globalIndex = t.global_index "
                + "WHERE t.trace_id = ? ORDER BY t.global_index", ROW, traceId));
    }

    private Stream<TrackedEventMessage<?>> deserialized(Stream<TrackedDomainEventData<byte[]>> rows) {
        Configuration configuration = axon.getObject();
        return EventUtils.upcastAndDeserializeTrackedEvents(rows, configuration.eventSerializer(), configuration.upcasterChain())
                .onClose(rows::close);
    }

    public static long sequenceOf(TrackedEventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : -1;
    }

    public static String aggregateOf(TrackedEventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }
}
