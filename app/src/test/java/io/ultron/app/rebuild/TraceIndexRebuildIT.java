package io.ultron.app.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace index is rebuilt blue/green like the other views: rows lost or damaged come back from the events,
 * and requests made while the rebuild runs end up in the index exactly once.
 */
@UltronIntegrationTest
class TraceIndexRebuildIT extends ApiIntegrationTest {

    @Test
    void rebuildRestoresEveryTraceWhileRequestsGoOn() throws Exception {
        List<String> traces = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String trace = "rebuild-trace-" + i;
            var created = http.post("/api/v1/clusters", registration("trace-rebuild-" + i, "idc-trace-" + i), "X-Request-Id", trace);
            assertThat(created.status()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(http.post("/api/v1/clusters/" + id + "/drain", Map.of("reason", "r" + i), "X-Request-Id", trace).status()).isEqualTo(204);
            traces.add(trace);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> traces.stream()
                .allMatch(t -> http.get("/api/v1/traces/" + t).json().size() == 2));
        Map<String, JsonNode> before = answers(traces);
        // the index gone wrong: rows lost, rows pointing at the wrong trace
        jdbc.update("DELETE FROM trace_event_index WHERE trace_id IN ('rebuild-trace-0', 'rebuild-trace-1')");
        jdbc.update("UPDATE trace_event_index SET trace_id = 'wrong' WHERE trace_id = 'rebuild-trace-2'");
        assertThat(http.get("/api/v1/traces/rebuild-trace-0").status()).isEqualTo(404);

        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        List<String> during = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            while (running.get()) {
                String trace = "during-" + during.size();
                var created = http.post("/api/v1/clusters", registration("trace-during-" + during.size(), "idc-during-" + during.size() / 8),
                        "X-Request-Id", trace);
                if (created.status() != 201) {
                    failures.add("register answered " + created.status() + ": " + created.body());
                    return;
                }
                during.add(trace);
            }
        });
        writer.start();
        try {
            assertThat(http.post("/api/v1/admin/projections/trace-index/rebuild", null).status()).isEqualTo(202);
            JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> http.get("/api/v1/admin/projections/trace-index/rebuild").json(),
                            s -> s.get("state").asText().equals("DONE") || s.get("state").asText().equals("FAILED"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            int atSwap = during.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> during.size() > atSwap + 3 || !failures.isEmpty());
        } finally {
            running.set(false);
            writer.join();
        }

        assertThat(failures).isEmpty();
        assertThat(answers(traces)).isEqualTo(before);
        assertThat(http.get("/api/v1/traces/wrong").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String trace : during) {
                JsonNode events = http.get("/api/v1/traces/" + trace).json();
                assertThat(events).as(trace).hasSize(1);
                assertThat(events.get(0).get("type").asText()).isEqualTo("ClusterRegisteredEvent");
            }
        });
        Integer total = jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_index", Integer.class);
        Integer distinct = jdbc.queryForObject("SELECT COUNT(DISTINCT global_index) FROM trace_event_index", Integer.class);
        assertThat(total).isEqualTo(distinct);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name IN ('trace_event_index_next', 'trace_event_index_old')", Integer.class)).isZero();
    }

    private Map<String, JsonNode> answers(List<String> traces) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String trace : traces) {
            var response = http.get("/api/v1/traces/" + trace);
            assertThat(response.status()).as(trace + ": " + response.body()).isEqualTo(200);
            answers.put(trace, response.json());
        }
        return answers;
    }
}
