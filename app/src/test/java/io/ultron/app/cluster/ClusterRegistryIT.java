package io.ultron.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Http;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@UltronIntegrationTest
class ClusterRegistryIT extends ApiIntegrationTest {


    @Test
    void registeredClusterAppearsInTheViewAndTheList() {
        var created = http.post("/api/v1/clusters", registration("bj1-az1"));

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/clusters/" + id);

        JsonNode view = awaitCluster(id, v -> true);
        assertThat(view.get("name").asText()).isEqualTo("bj1-az1");
        assertThat(view.get("idc").asText()).isEqualTo("bj-idc-1");
        assertThat(view.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.get("capabilities")).extracting(JsonNode::asText).containsExactlyInAnyOrder("CLOUD_DISK", "LOCAL_DISK");
        assertThat(view.get("credentialsRef").asText()).isEqualTo("clusters/bj1-az1");

        var list = http.get("/api/v1/clusters?idc=bj-idc-1");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).extracting(node -> node.get("id").asText()).contains(id);
        assertThat(http.get("/api/v1/clusters?idc=elsewhere").json()).isEmpty();
    }

    @Test
    void capabilitiesDrainAndEnableChangeTheViewAndTheHistoryNamesEachRequest() {
        String id = http.post("/api/v1/clusters", registration("bj1-az2")).json().get("id").asText();

        assertThat(http.patch("/api/v1/clusters/" + id, Map.of("capabilities", List.of("BARE_METAL")),
                "X-Request-Id", "patch-trace-1").status()).isEqualTo(204);
        Http opsAlice = Callers.create(http, "ops-alice", "operator").http();
        assertThat(opsAlice.post("/api/v1/clusters/" + id + "/drain", Map.of("reason", "hypervisor upgrade"),
                "X-Request-Id", "drain-trace-1").status()).isEqualTo(204);

        JsonNode drained = awaitCluster(id, v -> v.get("status").asText().equals("DRAINING"));
        assertThat(drained.get("capabilities")).extracting(JsonNode::asText).containsExactly("BARE_METAL");

        String traceparentTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        assertThat(http.post("/api/v1/clusters/" + id + "/enable", null,
                "traceparent", "00-" + traceparentTrace + "-00f067aa0ba902b7-01").status()).isEqualTo(204);
        awaitCluster(id, v -> v.get("status").asText().equals("ACTIVE"));

        var history = http.get("/api/v1/clusters/" + id + "/history").json();
        assertThat(history).extracting(e -> e.get("type").asText()).containsExactly(
                "ClusterRegisteredEvent", "ClusterCapabilitiesUpdatedEvent", "ClusterDrainedEvent", "ClusterEnabledEvent");
        assertThat(history.get(1).get("traceId").asText()).isEqualTo("patch-trace-1");
        assertThat(history.get(2).get("traceId").asText()).isEqualTo("drain-trace-1");
        assertThat(history.get(2).get("actor").asText()).isEqualTo("ops-alice");
        assertThat(history.get(2).get("payload").get("reason").asText()).isEqualTo("hypervisor upgrade");
        assertThat(history.get(3).get("traceId").asText()).isEqualTo(traceparentTrace);
        assertThat(history).allSatisfy(e -> {
            assertThat(e.get("time").asText()).isNotBlank();
            assertThat(e.get("correlationId").asText()).isNotBlank();
        });
    }

    @Test
    void drainingTwiceRecordsOneEvent() {
        String id = http.post("/api/v1/clusters", registration("bj1-az3")).json().get("id").asText();

        assertThat(http.post("/api/v1/clusters/" + id + "/drain", null).status()).isEqualTo(204);
        assertThat(http.post("/api/v1/clusters/" + id + "/drain", null).status()).isEqualTo(204);

        assertThat(http.get("/api/v1/clusters/" + id + "/history").json())
                .extracting(e -> e.get("type").asText()).containsExactly("ClusterRegisteredEvent", "ClusterDrainedEvent");
    }

    @Test
    void responseCarriesTheCallersRequestIdOrANewOne() {
        var given = http.get("/api/v1/clusters", "X-Request-Id", "caller-chosen-id");
        var fresh = http.get("/api/v1/clusters");

        assertThat(given.header("X-Request-Id")).isEqualTo("caller-chosen-id");
        assertThat(UUID.fromString(fresh.header("X-Request-Id"))).isNotNull();
    }

    @Test
    void credentialsReferenceIsStoredButNoSecretEverIs() {
        var body = registration("bj1-az4");
        String id = http.post("/api/v1/clusters", body).json().get("id").asText();
        awaitCluster(id, v -> true);

        List<byte[]> payloads = jdbc.queryForList("SELECT payload FROM DomainEventEntry WHERE aggregateIdentifier = ?", byte[].class, id);
        assertThat(payloads).hasSize(1);
        String stored = new String(payloads.get(0), StandardCharsets.UTF_8);
        assertThat(stored).contains("\"credentialsRef\":\"clusters/bj1-az4\"").doesNotContainIgnoringCase("password");
    }

    private JsonNode awaitCluster(String id, java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> {
            var response = http.get("/api/v1/clusters/" + id);
            return response.status() == 200 ? response.json() : null;
        }, view -> view != null && condition.test(view));
    }
}
