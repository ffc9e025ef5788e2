package io.ultron.app.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sim.admin.RequestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clusters that allow 10 calls a second (429 with Retry-After beyond that): a batch of 100 servers is paced, not
 * failed. Every server ends ACTIVE on its first attempt, and the clusters did refuse calls on the way.
 */
@UltronIntegrationTest
class RateLimitedBatchIT extends ApiIntegrationTest {

    static final int SERVERS = 100;
    static final int CALLS_PER_SECOND = 10;
    static final SimulatedFleet fleet = SimulatedFleet.start(3);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "2s");
    }

    @Autowired
    StringRedisTemplate redis;
    @Value("${ultron.redis.key-prefix}")
    String redisPrefix;

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aHundredServersOnClustersLimitedToTenCallsASecondAllEndActive() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(300, 600)));
        Map<String, String> clusters = fleet.registerAllAndAwait(http, idc);
        String vpc = Networks.createVpc(http, "acme", "paced");
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 3);
        // placement spreads the batch over the clusters whose capacity it has seen
        await().atMost(Duration.ofSeconds(30)).until(() -> clusters.values().stream()
                .allMatch(id -> Boolean.TRUE.equals(redis.hasKey(redisPrefix + "compute:capacity:" + id))));
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin()
                .configure(cluster, s -> s.rateLimitPerSecond(CALLS_PER_SECOND)));
        fleet.simulator().admin().clearRequests();

        var created = await().atMost(Duration.ofSeconds(30)).until(() -> http.post("/api/v1/batches", Map.of(
                "tenant", "acme", "namePrefix", "paced", "count", SERVERS, "vpcId", vpc, "idc", idc, "flavor", "m1.tiny",
                "image", Images.CIRROS, "bootDisk", "LOCAL", "diskGb", 1)), response -> response.status() == 202);
        String batchId = created.json().get("batchId").asText();

        JsonNode batch = await().atMost(Duration.ofSeconds(90)).until(() -> http.get("/api/v1/batches/" + batchId),
                response -> response.status() == 200 && response.json().get("completed").asBoolean()).json();
        assertThat(batch.get("active").asInt()).isEqualTo(SERVERS);
        assertThat(batch.get("failed").asInt()).isZero();
        List<JsonNode> servers = new ArrayList<>();
        http.get("/api/v1/batches/" + batchId + "/servers?size=500").json().get("items").forEach(servers::add);
        assertThat(servers).hasSize(SERVERS).allSatisfy(server -> {
            assertThat(server.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(server.get("attempt").asInt()).as("never rescheduled").isEqualTo(1);
        });
        for (String cluster : fleet.clusterNames()) {
            List<RequestRecord> calls = fleet.simulator().admin().requests(null, cluster, Integer.MAX_VALUE);
            assertThat(calls).as("cluster " + cluster + " limited Ultron's calls")
                    .anyMatch(call -> call.outcome().equals("rate-limited"));
            assertThat(calls).as("cluster " + cluster + " answered no error but 429s")
                    .allMatch(call -> call.status() < 400 || call.status() == 429);
        }
    }
}
