package io.ultron.app.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchCompletedEvent;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.BatchRequestedEvent;
import io.ultron.api.compute.BatchServerSettledEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.network.VpcId;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.ComputeEvents;
import io.ultron.app.support.UltronIntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ultron.app.support.ComputeEvents.spec;
import static io.ultron.app.support.ComputeEvents.subnet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * compute-views has two tables; a blue/green rebuild rebuilds both from the events and swaps them in together,
 * while new servers keep arriving and lists keep being answered.
 */
@UltronIntegrationTest
class ComputeViewsRebuildIT extends ApiIntegrationTest {

    private static final int SERVERS = 30;

    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void rebuildRestoresServersAndBatchCountersWhileServersKeepArriving() throws Exception {
        ComputeEvents.stopSagas(processing);
        ComputeEvents events = new ComputeEvents(eventStore, Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        VpcId vpc = ComputeEvents.vpc();
        ClusterId cluster = ClusterId.of("cl-rebuild");
        BatchId batch = BatchId.random();
        List<ServerId> servers = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            servers.add(events.requested(batch, spec("rebuild", "rb-" + i, vpc)));
        }
        events.batch(batch, new BatchRequestedEvent(batch, "rebuild", "rb", SERVERS, servers));
        for (int i = 0; i < SERVERS; i++) {
            ServerId id = servers.get(i);
            if (i % 3 == 0) {
                events.server(id, new ServerFailedEvent(id, batch, "no valid host"));
            } else {
                events.provisioned(id, batch, cluster, subnet(vpc), "11.9.0." + (i + 1));
            }
            events.batch(batch, new BatchServerSettledEvent(batch, id, i % 3 != 0, null));
        }
        events.batch(batch, new BatchCompletedEvent(batch, SERVERS, SERVERS - SERVERS / 3, SERVERS / 3));
        events.awaitProjected(jdbc);
        // views gone wrong: only a rebuild puts them right (the live handlers skip events they have applied)
        jdbc.update("UPDATE server_view SET status = 'REQUESTED', address = NULL");
        jdbc.update("UPDATE batch_view SET active = 0, failed = 0, completed = FALSE");

        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        List<ServerId> arriving = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread writer = new Thread(() -> {
            BatchId more = BatchId.random();
            while (running.get()) {
                ServerId id = events.requested(more, spec("arriving", "new-" + arriving.size(), vpc));
                events.provisioned(id, more, cluster, subnet(vpc), "11.9.1." + (arriving.size() % 250 + 1));
                arriving.add(id);
            }
        });
        Thread reader = new Thread(() -> {
            while (running.get()) {
                var page = http.get("/api/v1/servers?tenant=rebuild&status=REQUESTED&size=100");
                if (page.status() != 200) {
                    failures.add(page.status() + ": " + page.body());
                }
                reads.incrementAndGet();
            }
        });
        writer.start();
        reader.start();
        try {
            var started = http.post("/api/v1/admin/projections/compute-views/rebuild", null);
            assertThat(started.status()).isEqualTo(202);
            JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> http.get("/api/v1/admin/projections/compute-views/rebuild").json(),
                            s -> s.get("state").asText().equals("DONE") || s.get("state").asText().equals("FAILED"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            int readsAtSwap = reads.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > readsAtSwap + 5 && arriving.size() > 5);
        } finally {
            running.set(false);
            writer.join();
            reader.join();
        }
        events.awaitProjected(jdbc);

        assertThat(failures).isEmpty();
        JsonNode counters = http.get("/api/v1/batches/" + batch).json();
        assertThat(counters.get("active").asInt()).isEqualTo(SERVERS - SERVERS / 3);
        assertThat(counters.get("failed").asInt()).isEqualTo(SERVERS / 3);
        assertThat(counters.get("completed").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/servers?tenant=rebuild&status=ACTIVE").json().get("total").asLong())
                .isEqualTo(SERVERS - SERVERS / 3);
        assertThat(http.get("/api/v1/servers?tenant=arriving&status=ACTIVE").json().get("total").asLong())
                .isEqualTo(arriving.size());
        // every event applied once and none lost: each view equals the server folded from its events
        List<ServerId> all = new ArrayList<>(servers);
        all.addAll(arriving);
        for (ServerId id : all) {
            JsonNode view = http.get("/api/v1/servers/" + id).json();
            assertThat(view).isEqualTo(http.get("/api/v1/servers/" + id + "?asOf=2100-01-01T00:00:00Z").json());
        }
        Integer leftovers = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND (table_name LIKE '%!_next' ESCAPE '!' OR table_name LIKE '%!_old' ESCAPE '!')", Integer.class);
        assertThat(leftovers).isZero();
    }
}
