package io.ultron.app.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ultron.app.support.Networks.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster whose Nova serves no hypervisor statistics (404, as newer Novas and foreign OpenStacks answer): its
 * view says since when and why its capacity is unknown, placement skips it, and with no other cluster left a
 * request is refused with a 422 naming the clusters, not a 503 "try again" for ever.
 */
@UltronIntegrationTest
class CapacityUnknownIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.compute.capacity-unknown-after", () -> "1s");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aClusterWhoseCapacityCannotBeReadShowsWhyIsSkippedAndNamedWhenNoClusterIsLeft() {
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(300, 600)));
        fleet.simulator().admin().configure("cluster-2", s -> s.hypervisorStatistics(false));
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> clusters = fleet.registerAllAndAwait(http, idc);
        String vpc = Networks.createVpc(http, "acme", "capacity");
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);
        Instant registered = Instant.now();

        JsonNode unknown = awaitCapacityUnknown(clusters.get("cluster-2"));
        assertThat(unknown.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(Instant.parse(unknown.get("capacityUnknownSince").asText())).isAfter(registered.minusSeconds(60));
        assertThat(unknown.get("capacityUnknownReason").asText()).contains("hypervisor statistics").contains("404");
        assertThat(http.get("/api/v1/clusters/" + clusters.get("cluster-1")).json().has("capacityUnknownSince")).isFalse();
        assertThat(http.get("/api/v1/clusters/" + clusters.get("cluster-2") + "/history").json())
                .extracting(event -> event.get("type").asText()).contains("ClusterCapacityBecameUnknownEvent");

        var placed = await().atMost(WAIT).until(() -> http.post("/api/v1/batches", batch(vpc, idc, 4)),
                response -> response.status() == 202);
        assertThat(fieldNames(placed.json().get("placement"))).as("only the cluster whose capacity is known")
                .containsExactly(clusters.get("cluster-1"));

        fleet.simulator().admin().configure("cluster-1", s -> s.hypervisorStatistics(false));
        awaitCapacityUnknown(clusters.get("cluster-1"));
        var refused = http.post("/api/v1/servers", server(vpc, idc));
        assertProblem(refused, 422, "capacity-unreadable");
        assertThat(refused.json().get("detail").asText()).contains("cluster-1", "cluster-2", "cannot be read since");

        fleet.simulator().admin().configure("cluster-1", s -> s.hypervisorStatistics(true));
        await().atMost(WAIT).until(() -> !http.get("/api/v1/clusters/" + clusters.get("cluster-1")).json()
                .has("capacityUnknownSince"));
        var accepted = await().atMost(WAIT).until(() -> http.post("/api/v1/servers", server(vpc, idc)),
                response -> response.status() == 202);
        assertThat(accepted.json().get("clusterId").asText()).isEqualTo(clusters.get("cluster-1"));
        assertThat(http.get("/api/v1/clusters/" + clusters.get("cluster-1") + "/history").json())
                .extracting(event -> event.get("type").asText())
                .containsSubsequence("ClusterCapacityBecameUnknownEvent", "ClusterCapacityBecameKnownEvent");
    }

    private JsonNode awaitCapacityUnknown(String clusterId) {
        return await().atMost(WAIT).until(() -> http.get("/api/v1/clusters/" + clusterId).json(),
                view -> view.has("capacityUnknownSince"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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

    private static Map<String, Object> batch(String vpc, String idc, int count) {
        Map<String, Object> body = new LinkedHashMap<>(server(vpc, idc));
        body.remove("name");
        body.put("namePrefix", "probe");
        body.put("count", count);
        return body;
    }
}
