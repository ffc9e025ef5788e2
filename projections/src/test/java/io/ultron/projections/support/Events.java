package io.ultron.projections.support;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events as a streaming processor delivers them: tracked messages whose {@link GlobalSequenceTrackingToken} is the
 * event's global index (the next one of the JVM, so no two events of a test run share one), with the aggregate id,
 * sequence number, timestamp and metadata the event store gives them. Delivering the same message again is a redelivery.
 */
public final class Events {

    /** The projections never read the aggregate type. */
    private static final String AGGREGATE_TYPE = "Aggregate";
    private static final AtomicLong GLOBAL_INDEX = new AtomicLong(1000);

    private Events() {
    }

    public static <T> GenericTrackedDomainEventMessage<T> domain(String aggregateId, long sequence, T payload, Instant time) {
        return domain(aggregateId, sequence, payload, time, Map.of());
    }

    public static <T> GenericTrackedDomainEventMessage<T> domain(String aggregateId, long sequence, T payload, Instant time,
                                                                 Map<String, ?> metaData) {
        return new GenericTrackedDomainEventMessage<>(nextToken(), new GenericDomainEventMessage<>(
                AGGREGATE_TYPE, aggregateId, sequence, payload, metaData, IdentifierFactory.getInstance().generateIdentifier(), time));
    }

    /** An event of no aggregate (published on the event bus, not sourced). */
    public static <T> GenericTrackedEventMessage<T> nonDomain(T payload, Instant time, Map<String, ?> metaData) {
        return new GenericTrackedEventMessage<>(nextToken(), new GenericEventMessage<>(
                IdentifierFactory.getInstance().generateIdentifier(), payload, metaData, time));
    }

    private static GlobalSequenceTrackingToken nextToken() {
        return new GlobalSequenceTrackingToken(GLOBAL_INDEX.incrementAndGet());
    }
}
