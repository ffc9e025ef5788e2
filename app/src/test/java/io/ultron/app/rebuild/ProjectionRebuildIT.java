package io.ultron.app.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.Http;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ultron.app.support.Clusters.registration;
import static io.ultron.app.support.Clusters.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demonstration of a blue/green rebuild: migration V2026_11_26_1320 added {@code cluster_view.drain_reason},
 * which rows written before it lack; the rebuild fills it from the events while queries keep being answered
 * and commands keep changing other clusters.
 */
@UltronIntegrationTest
class ProjectionRebuildIT {

    private static final int STABLE = 24;
    private static final int BUSY = 4;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rebuildFillsTheNewColumnForAllHistoryWhileQueriesAndCommandsGoOn() throws Exception {
        Http http = new Http(port);
        Set<String> drained = new HashSet<>();
        List<String> stable = new ArrayList<>();
        for (int i = 0; i < STABLE; i++) {
            String id = http.post("/api/v1/clusters", with(registration("stable-" + i, "idc-stable-" + i / 8), "area", "stable-area")).json().get("id").asText();
            stable.add(id);
            if (i % 2 == 0) {
                http.post("/api/v1/clusters/" + id + "/drain", Map.of("reason", "reason of " + i));
                drained.add(id);
            }
        }
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < BUSY; i++) {
            busy.add(http.post("/api/v1/clusters", registration("busy-" + i, "idc-busy-" + i)).json().get("id").asText());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM cluster_view") == STABLE + BUSY
                && count("SELECT COUNT(*) FROM cluster_view WHERE status = 'DRAINING'") == drained.size());
        // the rows as they were before the migration added the column
        jdbc.update("UPDATE cluster_view SET drain_reason = NULL");

        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger queries = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (running.get()) {
                var list = http.get("/api/v1/clusters?area=stable-area");
                queries.incrementAndGet();
                if (list.status() != 200) {
                    failures.add("status " + list.status() + ": " + list.body());
                    continue;
                }
                Set<String> ids = new HashSet<>();
                Set<String> draining = new HashSet<>();
                list.json().forEach(c -> {
                    ids.add(c.get("id").asText());
                    if (c.get("status").asText().equals("DRAINING")) {
                        draining.add(c.get("id").asText());
                    }
                });
                if (!ids.equals(new HashSet<>(stable)) || !draining.equals(drained)) {
                    failures.add("inconsistent answer: " + list.body());
                }
            }
        });
        AtomicInteger commands = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (running.get()) {
                String id = busy.get(commands.get() % BUSY);
                boolean drain = (commands.get() / BUSY) % 2 == 0;
                var response = drain
                        ? http.post("/api/v1/clusters/" + id + "/drain", Map.of("reason", "round " + commands.get()))
                        : http.post("/api/v1/clusters/" + id + "/enable", null);
                if (response.status() != 204) {
                    failures.add("command answered " + response.status());
                }
                commands.incrementAndGet();
            }
        });
        reader.start();
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> queries.get() > 5 && commands.get() > 5);

            var started = http.post("/api/v1/admin/projections/cluster-view/rebuild", null);
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.json().get("state").asText()).isEqualTo("REQUESTED");

            JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> http.get("/api/v1/admin/projections/cluster-view/rebuild").json(),
                            s -> s.get("state").asText().equals("DONE") || s.get("state").asText().equals("FAILED"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.get("processed").asLong()).isGreaterThanOrEqualTo(STABLE + drained.size() + BUSY);
            assertThat(done.get("head").asLong()).isPositive();
            assertThat(done.get("eventsPerSecond").asDouble()).isPositive();
            int queriesAtSwitch = queries.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> queries.get() > queriesAtSwitch + 5 && commands.get() > 20);
        } finally {
            running.set(false);
            reader.join();
            writer.join();
        }

        assertThat(failures).isEmpty();
        for (String id : stable) {
            JsonNode view = http.get("/api/v1/clusters/" + id).json();
            int index = stable.indexOf(id);
            if (drained.contains(id)) {
                assertThat(view.get("drainReason").asText()).isEqualTo("reason of " + index);
            } else {
                assertThat(view.has("drainReason")).isFalse();
            }
        }
        // every event applied once and none lost: the view equals the state folded from the event store
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String id : busy) {
                JsonNode view = http.get("/api/v1/clusters/" + id).json();
                JsonNode folded = http.get("/api/v1/clusters/" + id + "?asOf=2100-01-01T00:00:00Z").json();
                Map<String, JsonNode> left = new HashMap<>();
                Map<String, JsonNode> right = new HashMap<>();
                for (String field : List.of("status", "version", "drainReason", "capabilities")) {
                    left.put(field, view.get(field));
                    right.put(field, folded.get(field));
                }
                assertThat(left).isEqualTo(right);
            }
        });
        assertThat(count("SELECT COUNT(*) FROM cluster_view")).isEqualTo(STABLE + BUSY);
        assertThat(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name IN ('cluster_view_next', 'cluster_view_old')")).isZero();
    }

    @Test
    void unknownProjectionIsNotFound() {
        var response = new Http(port).post("/api/v1/admin/projections/no-such-view/rebuild", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asText()).isEqualTo("projection-not-found");
    }

    private int count(String sql) {
        Integer count = jdbc.queryForObject(sql, Integer.class);
        return count == null ? 0 : count;
    }
}
