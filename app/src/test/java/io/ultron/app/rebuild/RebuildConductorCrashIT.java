package io.ultron.app.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterDrainedEvent;
import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.NodeProcess;
import io.ultron.app.support.Nodes;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two conductors (each in a JVM of its own) run a rebuild of cluster-view; the one holding the rebuild's segment is
 * killed (SIGKILL) half-way. The other takes the segment over once the claim times out, goes on from the dead one's
 * position and switches over; the old view answers throughout, and the new one holds every cluster as its events say.
 */
class RebuildConductorCrashIT {

    static final int CLUSTERS = 150;
    static final int EVENTS_PER_CLUSTER = 20;
    static FreshDatabase.Infrastructure infra;
    static JdbcTemplate jdbc;
    static final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void storeHistory() {
        infra = FreshDatabase.create();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(infra.jdbcUrl(), FreshDatabase.USER, FreshDatabase.PASSWORD));
        // the history is stored by a node that does not project it: the conductors below find it all waiting
        ConfigurableApplicationContext writer = Nodes.start(infra, "--ultron.roles=api");
        try {
            EventStore store = writer.getBean(EventStore.class);
            List<EventMessage<?>> events = new ArrayList<>();
            for (int round = 0; round < EVENTS_PER_CLUSTER; round++) {
                for (int c = 0; c < CLUSTERS; c++) {
                    events.add(new GenericDomainEventMessage<>("Cluster", clusterId(c).value(), round, payload(c, round),
                            Map.of("traceId", "trace-" + UUID.randomUUID(), "actor", "it")));
                }
                store.publish(events);
                events.clear();
            }
        } finally {
            writer.close();
        }
    }

    @AfterAll
    static void stop() {
        nodes.forEach(NodeProcess::close);
        Nodes.stop(infra);
    }

    @Test
    void anotherConductorFinishesTheRebuildWhenTheOneRunningItDies() throws Exception {
        // one event per transaction, so that the rebuild is still under way when its conductor is killed
        String[] settings = {"--ultron.rebuild.segments=1", "--ultron.rebuild.batch-size=1", "--ultron.rebuild.poll-interval=200ms",
                "--ultron.rebuild.catch-up-threshold=20",
                // the clusters have no OpenStack: neither the capacity job nor sync (which would record them DOWN) runs
                "--ultron.compute.capacity-refresh=1h", "--ultron.sync.enabled=false", "--logging.level.io.ultron.projections=INFO"};
        nodes.add(NodeProcess.start(infra, "alpha", "rebuild-crash-alpha.log", settings));
        nodes.add(NodeProcess.start(infra, "beta", "rebuild-crash-beta.log", settings));
        for (NodeProcess node : nodes) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> node.http().get("/actuator/health").status() == 200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM cluster_view") == CLUSTERS
                && count("SELECT MIN(version) FROM cluster_view") == EVENTS_PER_CLUSTER - 1);

        AtomicBoolean reading = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger answers = new AtomicInteger();
        Set<NodeProcess> killed = ConcurrentHashMap.newKeySet();
        List<Thread> readers = new ArrayList<>();
        for (NodeProcess node : nodes) {
            Thread reader = new Thread(() -> {
                while (reading.get()) {
                    try {
                        var list = node.http().get("/api/v1/clusters?area=crash");
                        if (killed.contains(node)) {
                            return;
                        }
                        if (list.status() != 200 || list.json().size() != CLUSTERS) {
                            failures.add(list.status() + ": " + list.body().substring(0, Math.min(200, list.body().length())));
                        }
                        answers.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (!killed.contains(node)) {
                            failures.add(e.toString());
                        }
                        return;
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }

        Http alpha = nodes.get(0).http();
        assertThat(alpha.post("/api/v1/admin/projections/cluster-view/rebuild", null).status()).isEqualTo(202);
        int total = CLUSTERS * EVENTS_PER_CLUSTER;
        String holder = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode status = alpha.get("/api/v1/admin/projections/cluster-view/rebuild").json();
            long position = status.get("position").asLong();
            if (!status.get("state").asText().equals("RUNNING") || position < total / 10) {
                return null;
            }
            List<String> owners = jdbc.queryForList("SELECT owner FROM TokenEntry WHERE processorName = 'cluster-view.rebuild'"
                    + " AND owner IS NOT NULL", String.class);
            return owners.size() == 1 ? owners.get(0) : null;
        }, owner -> owner != null);
        NodeProcess doomed = holder.equals("alpha") ? nodes.get(0) : nodes.get(1);
        NodeProcess survivor = holder.equals("alpha") ? nodes.get(1) : nodes.get(0);
        long positionAtKill = jdbc.queryForObject("SELECT position FROM projection_rebuild WHERE projection = 'cluster-view'", Long.class);
        killed.add(doomed);
        doomed.kill();
        assertThat(jdbc.queryForObject("SELECT state FROM projection_rebuild WHERE projection = 'cluster-view'", String.class))
                .as("killed before the rebuild was done").isEqualTo("RUNNING");
        assertThat(positionAtKill).isLessThan(total);

        Http http = survivor.http();
        JsonNode done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get("/api/v1/admin/projections/cluster-view/rebuild").json(),
                        s -> Set.of("DONE", "FAILED").contains(s.get("state").asText()));
        int answersAtSwitch = answers.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> answers.get() > answersAtSwitch + 5);
        reading.set(false);
        for (Thread reader : readers) {
            reader.join();
        }

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("processed").asLong()).isGreaterThanOrEqualTo(total);
        // the survivor switched over
        assertThat(jdbc.queryForObject("SELECT owner FROM projection_rebuild WHERE projection = 'cluster-view'", String.class))
                .isEqualTo(holder.equals("alpha") ? "beta" : "alpha");
        assertThat(failures).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM cluster_view")).isEqualTo(CLUSTERS);
        // every cluster as its last event left it: 19 events after registering, the last one a drain
        assertThat(count("SELECT COUNT(*) FROM cluster_view WHERE version = " + (EVENTS_PER_CLUSTER - 1)
                + " AND status = 'DRAINING' AND drain_reason = 'round " + (EVENTS_PER_CLUSTER - 1) + "'")).isEqualTo(CLUSTERS);
        assertThat(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name IN ('cluster_view_next', 'cluster_view_old')")).isZero();
        assertThat(jdbc.queryForList("SELECT segment, owner, timestamp FROM TokenEntry WHERE processorName = 'cluster-view.rebuild'"))
                .isEmpty();
    }

    private static ClusterId clusterId(int c) {
        return ClusterId.of("cl-crash-" + c);
    }

    /** Registration, then drains and enables in turn; an odd number of later events ends drained. */
    private static Object payload(int c, int round) {
        if (round == 0) {
            return new ClusterRegisteredEvent(clusterId(c), "crash-" + c, "crash", "idc-crash", "https://keystone.crash-" + c + ".example:5000/v3",
                    "secret/crash-" + c, "2024.1", Set.of(Capability.CLOUD_DISK), 8);
        }
        return round % 2 == 1 ? new ClusterDrainedEvent(clusterId(c), "round " + round, false) : new ClusterEnabledEvent(clusterId(c));
    }

    private static long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }
}
