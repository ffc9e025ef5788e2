package io.ultron.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 allocations at once against one subnet, through two nodes on one database and one Redis: no address
 * twice, none lost, each inside its cluster's slices, none on the network, gateway or broadcast address.
 */
class ConcurrentAllocationIT {

    static final int ALLOCATIONS = 1_000;
    static final int CLIENTS = 32;

    static FreshDatabase.Infrastructure infra;
    static SimulatedFleet fleet;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void start() {
        infra = FreshDatabase.create();
        fleet = SimulatedFleet.start(2);
        nodeA = startNode();
        nodeB = startNode();
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, nodeA, nodeB);
        if (fleet != null) {
            fleet.close();
        }
    }

    record Allocation(String owner, String clusterId, String address, String subnetId) {
    }

    @Test
    void thousandConcurrentAllocationsThroughTwoNodesNeverCollide() throws Exception {
        Http a = Nodes.http(nodeA);
        Http b = Nodes.http(nodeB);
        Map<String, String> clusters = fleet.registerAll(a, "idc-race");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.get("/api/v1/clusters?idc=idc-race").json().size() == 2);
        String vpc = a.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "t", "name", "race")).json().get("id").asText();
        String subnet = a.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", "idc-race")).json().get("id").asText();
        List<String> clusterIds = List.copyOf(clusters.values());

        var results = new ConcurrentLinkedQueue<Allocation>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < ALLOCATIONS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    Http node = n % 2 == 0 ? a : b;
                    String cluster = clusterIds.get(n % clusterIds.size());
                    String owner = "vm-" + n;
                    // 503 means "addresses of this cluster are being provisioned": come back, as a client would
                    JsonNode answer = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                        var response = node.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", owner));
                        if (response.status() != 201 && response.status() != 503) {
                            throw new AssertionError("allocation answered " + response.status() + ": " + response.body());
                        }
                        return response.status() == 201 ? response.json() : null;
                    }, java.util.Objects::nonNull);
                    results.add(new Allocation(owner, cluster, answer.get("address").asText(), answer.get("subnetId").asText()));
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results).hasSize(ALLOCATIONS);
        Set<String> addresses = new HashSet<>();
        results.forEach(r -> assertThat(addresses.add(r.address())).as("handed out twice: " + r.address()).isTrue());

        JdbcTemplate jdbc = nodeA.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ip_allocation_view", Integer.class)).isEqualTo(ALLOCATIONS));
        JsonNode pools = a.get("/api/v1/ip-pools?vpcId=" + vpc).json();
        for (Allocation allocation : results) {
            Ipv4 address = Ipv4.parse(allocation.address());
            JsonNode subnetView = a.get("/api/v1/subnets/" + allocation.subnetId()).json();
            Cidr cidr = Cidr.parse(subnetView.get("cidr").asText());
            assertThat(address).isNotEqualTo(cidr.first()).isNotEqualTo(cidr.broadcast())
                    .isNotEqualTo(Ipv4.parse(subnetView.get("gateway").asText()));
            assertThat(insidePoolsOf(pools, allocation.subnetId(), allocation.clusterId(), address))
                    .as(allocation.address() + " inside the slices of " + allocation.clusterId()).isTrue();
        }
        assertThat(pools.get("total").get("used").asInt()).isEqualTo(ALLOCATIONS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SnapshotEventEntry WHERE aggregateIdentifier = ?", Integer.class, vpc))
                .as("a VPC with this many events is snapshotted").isPositive();
    }

    private static boolean insidePoolsOf(JsonNode pools, String subnetId, String clusterId, Ipv4 address) {
        for (JsonNode pool : pools.get("pools")) {
            if (pool.get("subnetId").asText().equals(subnetId) && pool.get("clusterId").asText().equals(clusterId)) {
                for (JsonNode range : pool.get("pools")) {
                    String[] bounds = range.asText().split("-");
                    if (!address.isBefore(Ipv4.parse(bounds[0])) && !Ipv4.parse(bounds[1]).isBefore(address)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static ConfigurableApplicationContext startNode() {
        List<String> args = new ArrayList<>(List.of(fleet.asArgs()));
        args.add("--logging.level.io.ultron=WARN");
        return Nodes.start(infra, args.toArray(String[]::new));
    }
}
