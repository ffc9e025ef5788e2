package io.ultron.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Http;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@UltronIntegrationTest
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void historyListsEveryEventWithItsRequestAndNoSecret() {
        String id = register("audit-hist-1", "hist-register");
        Callers.create(http, "ops-bob", "operator").http()
                .post("/api/v1/clusters/" + id + "/drain", Map.of("reason", "kernel update"), "X-Request-Id", "hist-drain");

        JsonNode history = http.get("/api/v1/clusters/" + id + "/history").json();

        assertThat(history).extracting(e -> e.get("type").asText()).containsExactly("ClusterRegisteredEvent", "ClusterDrainedEvent");
        assertThat(history).allSatisfy(e -> {
            assertThat(e.get("resourceId").asText()).isEqualTo(id);
            assertThat(e.get("position").asLong()).isPositive();
            assertThat(e.get("correlationId").asText()).isNotBlank();
            assertThat(e.toString()).doesNotContainIgnoringCase("password");
        });
        assertThat(history.get(0).get("sequence").asLong()).isZero();
        assertThat(history.get(1).get("traceId").asText()).isEqualTo("hist-drain");
        assertThat(history.get(1).get("actor").asText()).isEqualTo("ops-bob");
        assertThat(history.get(1).get("payload").get("evacuate").asBoolean()).isFalse();
        assertThat(http.get("/api/v1/clusters/cl-nobody/history").status()).isEqualTo(404);
    }

    @Test
    void asOfRebuildsTheClusterFromItsEventsUpToThatInstant() {
        String id = register("audit-asof-1", "asof-register");
        http.patch("/api/v1/clusters/" + id, Map.of("capabilities", List.of("BARE_METAL")));
        http.post("/api/v1/clusters/" + id + "/drain", Map.of("reason", "rack move"));
        JsonNode history = http.get("/api/v1/clusters/" + id + "/history").json();
        Instant registered = Instant.parse(history.get(0).get("time").asText());
        Instant patched = Instant.parse(history.get(1).get("time").asText());
        Instant drained = Instant.parse(history.get(2).get("time").asText());

        JsonNode atRegistration = http.get("/api/v1/clusters/" + id + "?asOf=" + registered).json();
        assertThat(atRegistration.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(atRegistration.get("capabilities")).extracting(JsonNode::asText).containsExactlyInAnyOrder("CLOUD_DISK", "LOCAL_DISK");
        assertThat(atRegistration.get("version").asLong()).isZero();

        JsonNode beforeDrain = http.get("/api/v1/clusters/" + id + "?asOf=" + drained.minusNanos(1000)).json();
        assertThat(beforeDrain.get("capabilities")).extracting(JsonNode::asText).containsExactly("BARE_METAL");
        assertThat(beforeDrain.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(patched).isBefore(drained);

        JsonNode now = http.get("/api/v1/clusters/" + id + "?asOf=" + Instant.now()).json();
        assertThat(now.get("status").asText()).isEqualTo("DRAINING");
        assertThat(now.get("drainReason").asText()).isEqualTo("rack move");
        JsonNode current = await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/clusters/" + id).json(),
                v -> v.has("status") && v.get("status").asText().equals("DRAINING"));
        for (String field : List.of("id", "name", "idc", "status", "capabilities", "version", "drainReason", "credentialsRef")) {
            assertThat(now.get(field)).as(field).isEqualTo(current.get(field));
        }
    }

    @Test
    void asOfBeforeTheClusterExistedIsNotFoundAndAMalformedInstantIsBadInput() {
        String id = register("audit-asof-2", "asof-2");

        var before = http.get("/api/v1/clusters/" + id + "?asOf=2020-01-01T00:00:00Z");
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.json().get("code").asText()).isEqualTo("cluster-not-found");

        var malformed = http.get("/api/v1/clusters/" + id + "?asOf=yesterday");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("code").asText()).isEqualTo("invalid-as-of");
        assertThat(malformed.json().get("traceId").asText()).isNotBlank();
    }

    @Test
    void traceListsEveryEventOfOneRequestAcrossResourcesInOrder() {
        String first = register("audit-trace-1", "trace-shared");
        String second = register("audit-trace-2", "trace-shared");
        http.post("/api/v1/clusters/" + first + "/drain", null, "X-Request-Id", "trace-other");

        JsonNode trace = await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/traces/trace-shared"),
                r -> r.status() == 200 && r.json().size() == 2).json();

        assertThat(trace).extracting(e -> e.get("resourceId").asText()).containsExactly(first, second);
        assertThat(trace).extracting(e -> e.get("type").asText()).containsOnly("ClusterRegisteredEvent");
        assertThat(trace).allSatisfy(e -> assertThat(e.get("traceId").asText()).isEqualTo("trace-shared"));
        assertThat(trace.get(0).get("position").asLong()).isLessThan(trace.get(1).get("position").asLong());
        assertThat(http.get("/api/v1/traces/no-such-trace").status()).isEqualTo(404);
    }

    @Test
    void historyAndTraceExportAsJsonLines() throws Exception {
        String id = register("audit-export-1", "export-trace");
        http.post("/api/v1/clusters/" + id + "/drain", null, "X-Request-Id", "export-drain");
        http.post("/api/v1/clusters/" + id + "/enable", null, "X-Request-Id", "export-enable");

        var export = http.get("/api/v1/clusters/" + id + "/history/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = lines(export.body());
        assertThat(lines).extracting(e -> e.get("type").asText())
                .containsExactly("ClusterRegisteredEvent", "ClusterDrainedEvent", "ClusterEnabledEvent");
        assertThat(lines).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L);
        assertThat(http.get("/api/v1/clusters/cl-nobody/history/export").status()).isEqualTo(404);

        var traceExport = await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/traces/export-drain/export"),
                r -> r.status() == 200);
        assertThat(lines(traceExport.body())).singleElement().satisfies(e -> {
            assertThat(e.get("type").asText()).isEqualTo("ClusterDrainedEvent");
            assertThat(e.get("resourceId").asText()).isEqualTo(id);
        });
    }

    private String register(String name, String traceId) {
        var created = http.post("/api/v1/clusters", registration(name, "idc-" + name), "X-Request-Id", traceId);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
