package io.ultron.projections.audit;

import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.api.network.VpcId;
import io.ultron.projections.support.Events;
import io.ultron.projections.support.ProjectionDatabase;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ultron.projections.support.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Given events of any kind, the rows of trace_event_index (TraceIndexProjection). */
class TraceIndexProjectionTest {

    // whole seconds: MySQL Connector/J drops the fraction of a Timestamp parameter when the server reports a version
    // below 5.6.4, as MariaDB 10.x does ("5.5.5-10.11...")
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @RegisterExtension
    static final ProjectionDatabase database = new ProjectionDatabase(TraceIndexProjection::new);

    @Test
    void anAggregatesEventWithATraceIdIsIndexedByItsGlobalIndex() {
        String trace = trace();
        ClusterId cluster = ClusterId.random();
        TrackedEventMessage<?> event = Events.domain(cluster.value(), 7, new ClusterEnabledEvent(cluster), T0, Map.of("traceId", trace));
        database.projector().deliver(event);

        assertThat(index(trace)).containsExactly(row(
                "global_index", globalIndex(event), "trace_id", trace, "aggregate_id", cluster.value(), "sequence_number", 7L,
                "payload_type", "ClusterEnabledEvent", "occurred_at", T0));
    }

    @Test
    void anEventOfNoAggregateIsIndexedWithoutOne() {
        String trace = trace();
        TrackedEventMessage<?> event = Events.nonDomain("a published notice", T0.plusSeconds(5), Map.of("traceId", trace));
        database.projector().deliver(event);

        assertThat(index(trace)).containsExactly(row(
                "global_index", globalIndex(event), "trace_id", trace, "aggregate_id", null, "sequence_number", null,
                "payload_type", "String", "occurred_at", T0.plusSeconds(5)));
    }

    @Test
    void oneRequestsEventsAreFoundTogetherInTheOrderTheyWereStored() {
        String trace = trace();
        String other = trace();
        ClusterId cluster = ClusterId.random();
        VpcId vpc = VpcId.random();
        TrackedEventMessage<?> first = Events.domain(cluster.value(), 1, new ClusterEnabledEvent(cluster), T0, Map.of("traceId", trace));
        TrackedEventMessage<?> unrelated = Events.domain(cluster.value(), 2, new ClusterEnabledEvent(cluster), T0, Map.of("traceId", other));
        TrackedEventMessage<?> second = Events.domain(vpc.value(), 4, new VpcDeletedEvent(vpc, "10.0.0.0/20"), T0, Map.of("traceId", trace));
        database.projector().deliver(first, unrelated, second);

        assertThat(index(trace)).extracting(entry -> entry.get("global_index"), entry -> entry.get("payload_type"))
                .containsExactly(tuple(globalIndex(first), "ClusterEnabledEvent"),
                        tuple(globalIndex(second), "VpcDeletedEvent"));
    }

    @Test
    void eventsWithoutAStringTraceIdAreNotIndexed() {
        ClusterId cluster = ClusterId.random();
        TrackedEventMessage<?> untraced = Events.domain(cluster.value(), 1, new ClusterEnabledEvent(cluster), T0);
        TrackedEventMessage<?> numbered = Events.domain(cluster.value(), 2, new ClusterEnabledEvent(cluster), T0, Map.of("traceId", 42));
        database.projector().deliver(untraced, numbered);

        assertThat(database.rows().all("SELECT * FROM trace_event_index WHERE global_index IN (?, ?)",
                globalIndex(untraced), globalIndex(numbered))).isEmpty();
    }

    @Test
    void anEventDeliveredTwiceIsIndexedOnce() {
        String trace = trace();
        ClusterId cluster = ClusterId.random();
        TrackedEventMessage<?> event = Events.domain(cluster.value(), 3, new ClusterEnabledEvent(cluster), T0, Map.of("traceId", trace));
        database.projector().deliver(event);
        List<Map<String, Object>> once = index(trace);

        database.projector().deliver(event, event);

        assertThat(index(trace)).hasSize(1).isEqualTo(once);
    }

    private static String trace() {
        return "trace-" + UUID.randomUUID();
    }

    private static long globalIndex(TrackedEventMessage<?> message) {
        return message.trackingToken().position().orElseThrow();
    }

    private static List<Map<String, Object>> index(String trace) {
        return database.rows().all("SELECT * FROM trace_event_index WHERE trace_id = ? ORDER BY global_index", trace);
    }
}
