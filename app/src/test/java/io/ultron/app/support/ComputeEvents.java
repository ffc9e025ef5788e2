package io.ultron.app.support;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Object Mother for server and batch histories: events stored straight into the real event store as the
 * Server and Batch aggregates store them (aggregate id, sequence number, trace id, correlation id and actor in
 * the metadata), each one second after the previous on a clock of its own, so tests know every event's time.
 */
public final class ComputeEvents {

    private final EventStore store;
    private Instant clock;
    /** Aggregate id → its view table and the sequence number of its next event. */
    private final Map<String, Stream> streams = new LinkedHashMap<>();

    public ComputeEvents(EventStore store, Instant start) {
        this.store = store;
        this.clock = start;
    }

    /** What was stored: the event's time, trace id and sequence number in its aggregate. */
    public record Stored(Instant time, String traceId, long sequence) {
    }

    private static final class Stream {
        final String table;
        long next;

        Stream(String table) {
            this.table = table;
        }
    }

    /**
     * Stops the saga processors (the streaming processors that cannot be reset): the histories stored here are
     * synthetic, no saga may act on them. Projections keep running.
     */
    public static void stopSagas(EventProcessingConfiguration processing) {
        processing.eventProcessors().values().forEach(processor -> {
            if (processor instanceof StreamingEventProcessor streaming && !streaming.supportsReset()) {
                streaming.shutDown();
            }
        });
    }

    public static ServerSpec spec(String tenant, String name, VpcId vpc) {
        return new ServerSpec(tenant, name, vpc, "bj-idc-1", "m1.small", "img-ubuntu-22", Capability.CLOUD_DISK, 40,
                List.of("default", "web"), false);
    }

    public static VpcId vpc() {
        return VpcId.random();
    }

    public static SubnetId subnet(VpcId vpc) {
        return SubnetId.of(vpc, 1);
    }

    /** A new server's first event. */
    public ServerId requested(BatchId batch, ServerSpec spec) {
        ServerId id = ServerId.random();
        server(id, new ServerRequestedEvent(id, batch, spec, 2, 4096, "nova-flavor-small"));
        return id;
    }

    /** Scheduled, network ready, building and active in {@code cluster}, as attempt 1. */
    public void provisioned(ServerId id, BatchId batch, ClusterId cluster, SubnetId subnet, String address) {
        server(id, new ServerScheduledEvent(id, cluster, subnet, 1));
        server(id, new ServerNetworkReadyEvent(id, 1, cluster, subnet, address, "port-" + id));
        server(id, new ServerBuildingEvent(id, 1, cluster, "nova-" + id));
        server(id, new ServerActiveEvent(id, batch, 1, cluster, "compute-" + Math.abs(id.hashCode() % 100), address));
    }

    public Stored server(ServerId id, Object payload) {
        return append("Server", "server_view", id.value(), payload, null);
    }

    public Stored server(ServerId id, Object payload, String traceId) {
        return append("Server", "server_view", id.value(), payload, traceId);
    }

    public Stored batch(BatchId id, Object payload) {
        return append("Batch", "batch_view", id.value(), payload, null);
    }

    /** The time the next event will get. */
    public Instant now() {
        return clock;
    }

    /** Waits until the projection has applied every event stored here. */
    public void awaitProjected(JdbcTemplate jdbc) {
        await().atMost(Duration.ofSeconds(30)).until(() -> streams.entrySet().stream().allMatch(e -> {
            List<Long> version = jdbc.queryForList("SELECT version FROM " + e.getValue().table + " WHERE id = ?",
                    Long.class, e.getKey());
            return !version.isEmpty() && version.get(0) == e.getValue().next - 1;
        }));
    }

    private synchronized Stored append(String type, String table, String aggregateId, Object payload, String traceId) {
        Stream stream = streams.computeIfAbsent(aggregateId, id -> new Stream(table));
        long sequence = stream.next++;
        String trace = traceId != null ? traceId : "trace-" + UUID.randomUUID();
        Instant time = clock;
        clock = clock.plusSeconds(1);
        store.publish(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload,
                Map.of("traceId", trace, "correlationId", UUID.randomUUID().toString(), "actor", "it"),
                UUID.randomUUID().toString(), time));
        return new Stored(time, trace, sequence);
    }
}
