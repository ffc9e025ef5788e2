package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sim.admin.ServerSeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers in the clusters that no Ultron server owns, made in the simulator behind Ultron's back: one made outside
 * Ultron is listed as unmanaged and followed until it is gone; one named {@code ultron-*} that nothing of Ultron's
 * holds is a leftover, deleted after the grace period; each step is in the server's history, recorded by sync.
 */
@UltronIntegrationTest
class DriftIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(1);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration LEFTOVER_GRACE = Duration.ofSeconds(4);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.sync.enabled", () -> "true");
        registry.add("ultron.sync.tick", () -> "200ms");
        registry.add("ultron.sync.initial-delay", () -> "0s");
        registry.add("ultron.sync.interval", () -> "1s");
        registry.add("ultron.sync.full-interval", () -> "3s");
        registry.add("ultron.sync.leftover-grace", () -> LEFTOVER_GRACE.toSeconds() + "s");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    static String clusterId;

    @BeforeEach
    void setUp() {
        if (clusterId == null) {
            clusterId = fleet.registerAllAndAwait(http, "idc-" + UUID.randomUUID().toString().substring(0, 8)).values()
                    .iterator().next();
        }
    }

    @Test
    void aServerMadeOutsideUltronIsListedAsUnmanagedFollowedAndForgottenWhenGone() {
        String cluster = fleet.clusterNames().get(0);
        String novaId = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "legacy-db")).get(0);

        JsonNode found = awaitUnowned(novaId);
        assertThat(found.get("kind").asText()).isEqualTo("UNMANAGED");
        assertThat(found.get("name").asText()).isEqualTo("legacy-db-1");
        assertThat(found.get("clusterId").asText()).isEqualTo(clusterId);
        assertThat(found.get("novaStatus").asText()).isEqualTo("ACTIVE");
        String id = found.get("id").asText();
        assertThat(http.get("/api/v1/drift?kind=LEFTOVER").json().get("servers")).noneMatch(server -> server.get("id").asText().equals(id));

        fleet.simulator().admin().stopServer(cluster, novaId);
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + id).json().path("novaStatus").asText(), "SHUTOFF"::equals);

        fleet.simulator().admin().deleteServer(cluster, novaId);
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + id).status() == 404);
        assertThat(unowned()).noneMatch(server -> server.get("novaServerId").asText().equals(novaId));

        List<JsonNode> history = history(id);
        assertThat(history).extracting(event -> event.get("type").asText())
                .containsExactly("UnownedServerFoundEvent", "UnownedServerChangedEvent", "UnownedServerGoneEvent");
        assertThat(history).allSatisfy(event -> {
            assertThat(event.get("actor").asText()).isEqualTo("sync");
            assertThat(event.get("traceId").asText()).isNotBlank();
        });
    }

    @Test
    void aServerNamedAfterNoUltronServerIsALeftoverDeletedAfterTheGrace() {
        String cluster = fleet.clusterNames().get(0);
        String novaId = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "ultron-srv-" + UUID.randomUUID())).get(0);

        JsonNode found = awaitUnowned(novaId);
        assertThat(found.get("kind").asText()).isEqualTo("LEFTOVER");
        String id = found.get("id").asText();

        await().atMost(WAIT.plus(LEFTOVER_GRACE))
                .until(() -> fleet.simulator().admin().servers(cluster).stream().noneMatch(server -> server.id().equals(novaId)));
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + id).status() == 404);
        List<JsonNode> history = history(id);
        assertThat(history).extracting(event -> event.get("type").asText())
                .containsExactly("UnownedServerFoundEvent", "LeftoverServerDeletionStartedEvent", "LeftoverServerDeletedEvent");
        Duration waited = Duration.between(java.time.Instant.parse(history.get(0).get("time").asText()),
                java.time.Instant.parse(history.get(1).get("time").asText()));
        assertThat(waited).as("deleted only after the grace").isGreaterThanOrEqualTo(LEFTOVER_GRACE);
    }

    @Test
    void driftIsForAdminsAndOperatorsOnly() {
        var member = Callers.create(http, "svc-drift-member", List.of("member"), List.of("acme"), null);
        var operator = Callers.create(http, "svc-drift-operator", "operator");

        assertThat(member.http().get("/api/v1/drift").status()).isEqualTo(403);
        assertThat(operator.http().get("/api/v1/drift").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/drift/servers/uns-none").status()).isEqualTo(404);
    }

    private JsonNode awaitUnowned(String novaId) {
        return await().atMost(WAIT).until(() -> unowned().stream()
                .filter(server -> server.get("novaServerId").asText().equals(novaId)).findFirst().orElse(null), found -> found != null);
    }

    private List<JsonNode> unowned() {
        List<JsonNode> servers = new ArrayList<>();
        http.get("/api/v1/drift").json().get("servers").forEach(servers::add);
        return servers;
    }

    private List<JsonNode> history(String id) {
        List<JsonNode> events = new ArrayList<>();
        http.get("/api/v1/drift/servers/" + id + "/history").json().forEach(events::add);
        return events;
    }
}
