package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.compute.Images;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.ultron.app.support.Networks.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster whose syncs fail is DEGRADED, then DOWN after {@code ultron.sync.down-after}: its view and history say
 * so, it is a component of {@code /actuator/health} without making the node DOWN, placement skips it, and when
 * every cluster of the IDC is DOWN a request is a 503 naming them. Once its syncs succeed again it is UP.
 */
@UltronIntegrationTest
class ClusterHealthIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.propertiesWithQuickSync((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        // longer than one failing sync takes with its retries, so that the cluster is DEGRADED first
        registry.add("ultron.sync.down-after", () -> "8s");
        registry.add("ultron.openstack.breaker.open-duration", () -> "2s");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aClusterThatCannotBeSyncedIsDegradedThenDownSkippedAndUpAgainOnceItAnswers() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> clusters = fleet.registerAllAndAwait(http, idc);
        String vpc = Networks.createVpc(http, "acme", "health");
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);
        await().atMost(WAIT).until(() -> health(clusters.get("cluster-1")).equals("UP") && health(clusters.get("cluster-2")).equals("UP"));

        fleet.simulator().admin().failNextCalls("cluster-2", 100_000, 503);
        JsonNode down = await().atMost(WAIT).until(() -> http.get("/api/v1/clusters/" + clusters.get("cluster-2")).json(),
                view -> view.path("health").asText().equals("DOWN"));
        assertThat(down.get("healthReason").asText()).contains("syncs failing since");
        assertThat(down.get("healthSince").asText()).isNotBlank();
        JsonNode actuator = http.anonymous().get("/actuator/health").json();
        assertThat(actuator.get("status").asText()).as("a DOWN cluster does not make the node DOWN").isEqualTo("UP");
        assertThat(actuator.at("/components/clusters/components/cluster-2/status").asText()).isEqualTo("CLUSTER_DOWN");
        assertThat(actuator.at("/components/clusters/components/cluster-1/status").asText()).isEqualTo("UP");

        for (int i = 0; i < 3; i++) {
            var placed = await().atMost(WAIT).until(() -> http.post("/api/v1/servers", server(vpc, idc)), r -> r.status() == 202);
            assertThat(placed.json().get("clusterId").asText()).as("placement skips the DOWN cluster")
                    .isEqualTo(clusters.get("cluster-1"));
        }

        fleet.simulator().admin().failNextCalls("cluster-1", 100_000, 503);
        await().atMost(WAIT).until(() -> health(clusters.get("cluster-1")).equals("DOWN"));
        var refused = http.post("/api/v1/servers", server(vpc, idc));
        assertProblem(refused, 503, "cluster-down");
        assertThat(refused.json().get("detail").asText()).contains("cluster-1", "cluster-2", "is DOWN since");

        fleet.simulator().admin().failNextCalls("cluster-1", 0, 503);
        fleet.simulator().admin().failNextCalls("cluster-2", 0, 503);
        await().atMost(WAIT).until(() -> health(clusters.get("cluster-1")).equals("UP") && health(clusters.get("cluster-2")).equals("UP"));
        assertThat(http.get("/api/v1/clusters/" + clusters.get("cluster-2") + "/history").json())
                .extracting(event -> event.get("type").asText() + ":" + event.at("/payload/health").asText())
                .containsSubsequence("ClusterHealthChangedEvent:UP", "ClusterHealthChangedEvent:DEGRADED",
                        "ClusterHealthChangedEvent:DOWN", "ClusterHealthChangedEvent:UP");
    }

    private String health(String clusterId) {
        return http.get("/api/v1/clusters/" + clusterId).json().path("health").asText();
    }

    private static Map<String, Object> server(String vpc, String idc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", "acme");
        body.put("name", "probe");
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", "m1.tiny");
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "LOCAL");
        body.put("diskGb", 1);
        return body;
    }
}
