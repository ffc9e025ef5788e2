package io.ultron.app.compute;

import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.EventStoreRows;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static io.ultron.app.support.Networks.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placing servers: a batch is spread over the IDC's clusters by their room and stored in one go; every refusal is
 * a clear problem that stores nothing and keeps no reservation.
 */
@UltronIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerPlacementIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(3);

    static {
        // the servers placed here are provisioned too; quick boots let them finish while the class runs
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(200, 500)));
    }
    static final String PREFIX = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.redis.key-prefix", () -> PREFIX);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Autowired
    StringRedisTemplate redis;

    static Map<String, String> clusters;
    static String idc;
    static String vpc;

    @BeforeEach
    void setUp() {
        if (clusters == null) {
            idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
            clusters = fleet.registerAllAndAwait(http, idc);
            vpc = Networks.createVpc(http, "acme", "servers");
            Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 3);
            await().atMost(Duration.ofSeconds(15)).until(() -> clusters.values().stream()
                    .allMatch(id -> redis.hasKey(PREFIX + "compute:capacity:" + id)));
        }
    }

    static Map<String, Object> batch(int count, String flavor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", "acme");
        body.put("namePrefix", "web");
        body.put("count", count);
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", flavor);
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "LOCAL");
        body.put("diskGb", 20);
        return body;
    }

    @Test
    void aBatchIsSpreadOverEveryClusterAndStoredWithAllItsServers() {
        int events = EventStoreRows.count(jdbc);
        var created = http.post("/api/v1/batches", batch(30, "m1.small"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String batchId = created.json().get("batchId").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/batches/" + batchId);
        assertThat(created.json().get("serverIds")).hasSize(30);
        Map<String, Integer> placement = new HashMap<>();
        created.json().get("placement").fields().forEachRemaining(e -> placement.put(e.getKey(), e.getValue().asInt()));
        assertThat(placement.keySet()).containsExactlyInAnyOrderElementsOf(clusters.values());
        assertThat(placement.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
        // equal clusters: each gets its floor or ceiling of a third
        assertThat(placement.values()).allSatisfy(n -> assertThat(n).isEqualTo(10));

        List<String> types = jdbc.queryForList("SELECT payloadType FROM DomainEventEntry WHERE globalIndex > ? ORDER BY globalIndex",
                String.class, events);
        assertThat(types).filteredOn(t -> t.endsWith("BatchRequestedEvent")).hasSize(1);
        assertThat(types).filteredOn(t -> t.endsWith("ServerRequestedEvent")).hasSize(30);
        assertThat(types).filteredOn(t -> t.endsWith("ServerScheduledEvent")).hasSize(30);
        long reserved = clusters.values().stream()
                .mapToLong(id -> redis.opsForHash().size(PREFIX + "compute:reservations:" + id)).sum();
        assertThat(reserved).as("every placed server holds a reservation until Nova counts it").isGreaterThanOrEqualTo(30);
    }

    @Test
    void refusalsAreProblemsThatStoreAndReserveNothing() {
        String otherTenantsVpc = Networks.createVpc(http, "globex", "theirs");
        String vpcWithoutSubnet = Networks.createVpc(http, "acme", "empty");
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/vpcs/" + vpcWithoutSubnet).status() == 200
                && http.get("/api/v1/vpcs/" + otherTenantsVpc).status() == 200);
        int batches = batchEvents();
        Set<Object> reserved = reservedServers();

        assertProblem(http.post("/api/v1/batches", batch(3, "m9.huge")), 400, "unknown-flavor");
        assertProblem(http.post("/api/v1/batches", batch(0, "m1.small")), 400, "invalid-field");
        assertProblem(http.post("/api/v1/batches", batch(1001, "m1.small")), 400, "invalid-field");
        assertProblem(http.post("/api/v1/batches", with(batch(3, "m1.small"), "bootDisk", "FLOPPY")), 400, "invalid-body");
        assertProblem(http.post("/api/v1/batches", with(batch(3, "m1.small"), "vpcId", "vpc-nope")), 404, "vpc-not-found");
        assertProblem(http.post("/api/v1/batches", with(batch(3, "m1.small"), "vpcId", otherTenantsVpc)), 422, "vpc-of-another-tenant");
        String deletedVpc = Networks.createVpc(http, "acme", "gone");
        assertThat(http.delete("/api/v1/vpcs/" + deletedVpc).status()).isEqualTo(204);
        assertProblem(http.post("/api/v1/batches", with(batch(3, "m1.small"), "vpcId", deletedVpc)), 404, "vpc-not-found");
        assertProblem(http.post("/api/v1/batches", with(batch(3, "m1.small"), "vpcId", vpcWithoutSubnet)), 422, "no-subnet-in-idc");
        assertProblem(http.post("/api/v1/batches", with(batch(3, "m1.small"), "idc", "idc-elsewhere")), 422, "no-subnet-in-idc");
        // 3 clusters × 20 hosts × 64 vCPUs hold 480 servers of 8 vCPUs, not 1,000
        assertProblem(http.post("/api/v1/batches", batch(1000, "m1.xlarge")), 422, "insufficient-capacity");
        assertProblem(http.post("/api/v1/servers", Map.of("tenant", "acme", "name", "Bad_Name", "vpcId", vpc, "idc", idc,
                "flavor", "m1.small", "image", Images.CIRROS, "bootDisk", "LOCAL", "diskGb", 20)), 400, "invalid-field");

        assertThat(batchEvents()).as("no batch or server stored").isEqualTo(batches);
        assertThat(reserved).as("nothing reserved").containsAll(reservedServers());
    }

    /** Last: it fills the clusters. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aPartialBatchTakesWhatFitsWhenAllowed() {
        // every OpenStack call waits from now on, so no placed server settles or fails (freeing its room) before the
        // second request; this test runs last
        for (String cluster : fleet.clusterNames()) {
            fleet.simulator().admin().configure(cluster, s -> s.holdMillis(120_000));
            fleet.simulator().admin().holdNextCalls(cluster, 1_000_000);
        }
        var created = http.post("/api/v1/batches", with(batch(1000, "m1.xlarge"), "allowPartial", true));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        int placed = created.json().get("placed").asInt();
        assertThat(placed).isGreaterThan(0).isLessThan(1000);
        assertThat(created.json().get("serverIds")).hasSize(placed);
        assertProblem(http.post("/api/v1/batches", batch(1, "m1.xlarge")), 422, "insufficient-capacity");
    }

    /** Servers holding a reservation now (provisioning continues meanwhile: some may settle and go). */
    private Set<Object> reservedServers() {
        Set<Object> servers = new HashSet<>();
        clusters.values().forEach(id -> servers.addAll(redis.opsForHash().keys(PREFIX + "compute:reservations:" + id)));
        return servers;
    }

    private int batchEvents() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType LIKE '%.BatchRequestedEvent'"
                + " OR payloadType LIKE '%.ServerRequestedEvent'", Integer.class);
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(key, value);
        return changed;
    }
}
