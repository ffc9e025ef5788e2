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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.ultron.app.support.Networks.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While a cluster's syncs fail, the server lists still answer: they name it in {@code staleClusters} once its last
 * good sync is older than {@code ultron.sync.stale-after} (before it is DOWN) and while it is DOWN, and its servers
 * carry {@code observedAt}; a power action or deletion of one of its servers is a 503 {@code cluster-down} that stores
 * nothing. Once it is UP again the lists name no stale cluster.
 */
@UltronIntegrationTest
class PartialAnswersIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.propertiesWithQuickSync((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.compute.build-watch-interval", () -> "200ms");
        // a healthy cluster is synced about every second: four give room on a busy machine
        registry.add("ultron.sync.stale-after", () -> "4s");
        // well after stale-after, so that the cluster is first stale while only DEGRADED
        registry.add("ultron.sync.down-after", () -> "12s");
        registry.add("ultron.openstack.breaker.open-duration", () -> "2s");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void listsAnswerWithTheStaleClusterNamedAndItsServersRefuseCommandsWhileItIsDown() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> clusters = fleet.registerAllAndAwait(http, idc);
        String healthy = clusters.get("cluster-1");
        String failing = clusters.get("cluster-2");
        String vpc = Networks.createVpc(http, "acme", "partial");
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(200, 400)));
        await().atMost(WAIT).until(() -> health(healthy).equals("UP") && health(failing).equals("UP"));
        String batch = createActiveBatch(vpc, idc, 4);
        JsonNode fresh = http.get("/api/v1/batches/" + batch + "/servers").json();
        assertThat(fresh.get("staleClusters")).isEmpty();
        assertThat(fresh.get("items")).allSatisfy(item -> assertThat(item.has("observedAt")).isFalse());
        String onFailing = serverOn(fresh, failing);
        String onHealthy = serverOn(fresh, healthy);
        assertThat(fieldNames(item(fresh, onFailing))).as("a list item has the fields of the server's own view")
                .isEqualTo(fieldNames(http.get("/api/v1/servers/" + onFailing).json()));

        fleet.simulator().admin().failNextCalls("cluster-2", 100_000, 503);
        JsonNode degraded = await().atMost(WAIT).until(() -> http.get("/api/v1/servers?tenant=acme&vpcId=" + vpc).json(),
                page -> page.get("staleClusters").size() == 1);
        JsonNode stale = degraded.get("staleClusters").get(0);
        assertThat(stale.get("id").asText()).isEqualTo(failing);
        assertThat(stale.get("name").asText()).isEqualTo("cluster-2");
        assertThat(stale.get("health").asText()).as("stale by time before it is DOWN").isIn("UP", "DEGRADED");
        Instant lastSynced = Instant.parse(stale.get("lastSyncedAt").asText());
        assertThat(item(degraded, onFailing).get("observedAt").asText()).isEqualTo(stale.get("lastSyncedAt").asText());
        assertThat(item(degraded, onHealthy).has("observedAt")).isFalse();

        await().atMost(WAIT).until(() -> health(failing).equals("DOWN"));
        JsonNode down = http.get("/api/v1/servers?tenant=acme&vpcId=" + vpc).json();
        assertThat(down.get("total").asLong()).as("the list still answers whole").isEqualTo(4);
        assertThat(down.get("items")).hasSize(4);
        assertThat(down.get("staleClusters")).hasSize(1);
        assertThat(down.at("/staleClusters/0/id").asText()).isEqualTo(failing);
        assertThat(down.at("/staleClusters/0/health").asText()).isEqualTo("DOWN");
        assertThat(down.at("/staleClusters/0/healthSince").asText()).isNotBlank();
        assertThat(down.at("/staleClusters/0/lastSyncedAt").asText()).isEqualTo(lastSynced.toString());
        for (JsonNode item : down.get("items")) {
            if (item.get("clusterId").asText().equals(failing)) {
                assertThat(item.get("observedAt").asText()).isEqualTo(lastSynced.toString());
                assertThat(item.get("status").asText()).as("as last seen").isEqualTo("ACTIVE");
            } else {
                assertThat(item.has("observedAt")).isFalse();
            }
        }
        JsonNode batchPage = http.get("/api/v1/batches/" + batch + "/servers").json();
        assertThat(batchPage.at("/staleClusters/0/id").asText()).isEqualTo(failing);
        assertThat(item(batchPage, onFailing).get("observedAt").asText()).isEqualTo(lastSynced.toString());

        int historyBefore = http.get("/api/v1/servers/" + onFailing + "/history").json().size();
        var stop = http.post("/api/v1/servers/" + onFailing + "/actions", Map.of("action", "STOP"));
        assertProblem(stop, 503, "cluster-down");
        assertThat(stop.json().get("detail").asText()).contains("cluster-2", failing, "is DOWN since");
        var delete = http.delete("/api/v1/servers/" + onFailing);
        assertProblem(delete, 503, "cluster-down");
        assertThat(delete.json().get("detail").asText()).contains("cluster-2", failing);
        assertThat(http.get("/api/v1/servers/" + onFailing + "/history").json()).as("nothing stored").hasSize(historyBefore);
        JsonNode untouched = http.get("/api/v1/servers/" + onFailing).json();
        assertThat(untouched.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(untouched.has("pendingAction")).isFalse();
        assertThat(http.post("/api/v1/servers/" + onHealthy + "/actions", Map.of("action", "REBOOT")).status())
                .as("a server of the healthy cluster is not held back").isEqualTo(202);

        fleet.simulator().admin().failNextCalls("cluster-2", 0, 503);
        await().atMost(WAIT).until(() -> health(failing).equals("UP"));
        JsonNode again = await().atMost(WAIT).until(() -> http.get("/api/v1/servers?tenant=acme&vpcId=" + vpc).json(),
                page -> page.get("staleClusters").isEmpty());
        assertThat(again.get("items")).hasSize(4).allSatisfy(item -> assertThat(item.has("observedAt")).isFalse());
        assertThat(http.post("/api/v1/servers/" + onFailing + "/actions", Map.of("action", "STOP")).status()).isEqualTo(202);
    }

    private String health(String clusterId) {
        return http.get("/api/v1/clusters/" + clusterId).json().path("health").asText();
    }

    /** A batch spread over both clusters (they have the same room), once every server of it is ACTIVE. */
    private String createActiveBatch(String vpc, String idc, int count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", "acme");
        body.put("namePrefix", "partial");
        body.put("count", count);
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", "m1.tiny");
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "LOCAL");
        body.put("diskGb", 1);
        var created = http.post("/api/v1/batches", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        assertThat(created.json().get("placement").size()).as("on both clusters").isEqualTo(2);
        String batch = created.json().get("batchId").asText();
        await().atMost(WAIT).until(() -> http.get("/api/v1/batches/" + batch).json().path("active").asInt() == count);
        return batch;
    }

    private static String serverOn(JsonNode page, String clusterId) {
        for (JsonNode item : page.get("items")) {
            if (item.get("clusterId").asText().equals(clusterId)) {
                return item.get("id").asText();
            }
        }
        throw new AssertionError("no server on " + clusterId + " in " + page);
    }

    private static JsonNode item(JsonNode page, String serverId) {
        for (JsonNode item : page.get("items")) {
            if (item.get("id").asText().equals(serverId)) {
                return item;
            }
        }
        throw new AssertionError("no server " + serverId + " in " + page);
    }

    private static Set<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
