package io.ultron.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.EventStoreRows;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sagas.openstack.RequestIds;
import io.ultron.sim.network.SubnetView;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** VPCs, subnets and addresses end to end: REST, the Vpc aggregate, the saga, Neutron in the simulator, the views. */
@UltronIntegrationTest
class VpcAndIpManagementIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(3);

    @DynamicPropertySource
    static void openStack(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    static Map<String, String> clusters;
    static String idc;

    @BeforeEach
    void setUp() {
        if (clusters == null) {
            idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
            clusters = fleet.registerAllAndAwait(http, idc);
        }
    }

    @Test
    void subnetBecomesRealInEveryClusterAndHandsOutTheLowestAddressOfTheClustersSlice() {
        String vpc = createVpc("web");
        var subnet = http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc), "X-Request-Id", "subnet-trace-1");
        assertThat(subnet.status()).isEqualTo(202);
        String subnetId = subnet.json().get("id").asText();
        assertThat(subnet.header("Location")).endsWith("/api/v1/subnets/" + subnetId);

        JsonNode view = awaitPoolsReady(subnetId);
        assertThat(view.get("cidr").asText()).endsWith("/22");
        assertThat(view.get("pools")).hasSize(3);
        String cidr = view.get("cidr").asText();
        for (String cluster : fleet.clusterNames()) {
            List<SubnetView> neutron = fleet.simulator().admin().subnets(cluster).stream()
                    .filter(n -> n.name().equals("ultron-" + subnetId)).toList();
            assertThat(neutron).as("Neutron subnet in " + cluster).hasSize(1);
            assertThat(neutron.get(0).cidr()).isEqualTo(cidr);
            JsonNode pool = poolOf(view, clusters.get(cluster));
            assertThat(neutron.get(0).allocationPools()).hasSize(pool.get("pools").size());
        }
        assertThat(fleet.simulator().admin().requests(RequestIds.fromTraceId("subnet-trace-1")))
                .as("the subnet request's trace id reached Neutron").isNotEmpty();

        String first = clusters.get("cluster-1");
        var ip = http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", first, "owner", "vm-1"));
        assertThat(ip.status()).as(ip.body()).isEqualTo(201);
        String address = ip.json().get("address").asText();
        assertThat(address).isEqualTo(firstUsable(poolOf(view, first)));
        var second = http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", first, "owner", "vm-2"));
        assertThat(second.json().get("address").asText()).isNotEqualTo(address);

        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/ips/" + address).status() == 200);
        JsonNode lookup = http.get("/api/v1/ips/" + address).json();
        assertThat(lookup.get("holder").get("owner").asText()).isEqualTo("vm-1");
        assertThat(lookup.get("holder").get("clusterId").asText()).isEqualTo(first);

        assertThat(http.delete("/api/v1/subnets/" + subnetId + "/ips/" + address + "?owner=vm-1").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/ips/" + address).json().get("history").size() == 2);
        assertThat(http.get("/api/v1/ips/" + address).json().has("holder")).isFalse();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode pools = http.get("/api/v1/ip-pools?vpcId=" + vpc).json();
            assertThat(pools.get("total").get("used").asInt()).isEqualTo(1);
            assertThat(pools.get("perCluster")).hasSize(3);
        });
        assertThat(http.get("/api/v1/subnets/" + subnetId + "/history").json())
                .extracting(e -> e.get("type").asText()).contains("SubnetAllocatedEvent", "ClusterSlicesProvisionedEvent",
                        "IpAllocatedEvent", "IpReleasedEvent");
    }

    /**
     * Axon's event clock is stopped while the address is handed out and released three times, so its six events share
     * one timestamp: only the order they were stored in tells them apart.
     */
    @Test
    void anAddressHistoryComesBackInTheOrderItsEventsWereStoredEvenWithinOneInstant() {
        String vpc = createVpc("history-order");
        String subnetId = http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc)).json().get("id").asText();
        awaitPoolsReady(subnetId);
        String first = clusters.get("cluster-1");
        List<String> owners = List.of("vm-c", "vm-a", "vm-b");
        String address = null;
        Clock clock = GenericEventMessage.clock;
        GenericEventMessage.clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        try {
            for (String owner : owners) {
                var ip = http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", first, "owner", owner));
                assertThat(ip.status()).as(ip.body()).isEqualTo(201);
                String given = ip.json().get("address").asText();
                assertThat(address == null || address.equals(given)).as("the released address is handed out again").isTrue();
                address = given;
                assertThat(http.delete("/api/v1/subnets/" + subnetId + "/ips/" + address + "?owner=" + owner).status()).isEqualTo(204);
            }
        } finally {
            GenericEventMessage.clock = clock;
        }

        String held = address;
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/ips/" + held).json().path("history").size() == 6);
        JsonNode history = http.get("/api/v1/ips/" + held).json().get("history");
        List<String> stored = new ArrayList<>();
        for (JsonNode entry : history) {
            stored.add(entry.get("action").asText() + " " + entry.get("owner").asText());
        }
        assertThat(stored).containsExactly("ALLOCATED vm-c", "RELEASED vm-c", "ALLOCATED vm-a", "RELEASED vm-a",
                "ALLOCATED vm-b", "RELEASED vm-b");
        assertThat(history.findValuesAsText("at")).as("one instant for all six").containsOnly(history.get(0).get("at").asText());
    }

    @Test
    void vpcAndSubnetAsOfAnEarlierInstantAreRebuiltFromTheirEvents() {
        Instant beforeCreation = Instant.now();
        String vpc = createVpc("as-of");
        String subnetId = http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc)).json().get("id").asText();
        awaitPoolsReady(subnetId);
        String first = clusters.get("cluster-1");
        assertThat(http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", first, "owner", "vm-a")).status()).isEqualTo(201);
        Instant between = Instant.now();
        assertThat(http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", first, "owner", "vm-b")).status()).isEqualTo(201);

        JsonNode then = http.get("/api/v1/subnets/" + subnetId + "?asOf=" + between).json();
        JsonNode now = http.get("/api/v1/subnets/" + subnetId + "?asOf=" + Instant.now()).json();
        assertThat(poolOf(then, first).get("used").asInt()).isEqualTo(1);
        assertThat(poolOf(now, first).get("used").asInt()).isEqualTo(2);
        assertThat(poolOf(then, first).get("provisioningStatus").asText()).isEqualTo("READY");
        assertThat(http.get("/api/v1/vpcs/" + vpc + "?asOf=" + between).json().get("totals").get("used").asInt()).isEqualTo(1);
        assertProblem(http.get("/api/v1/vpcs/" + vpc + "?asOf=" + beforeCreation), 404, "vpc-not-found");
        assertProblem(http.get("/api/v1/vpcs/" + vpc + "?asOf=yesterday"), 400, "invalid-as-of");

        var export = http.get("/api/v1/vpcs/" + vpc + "/history/export");
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(export.body().lines().count()).isEqualTo(http.get("/api/v1/vpcs/" + vpc + "/history").json().size());
    }

    @Test
    void refusalsAreClearAndStoreNothing() {
        String vpc = createVpc("refusals");
        String subnetId = http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc)).json().get("id").asText();
        awaitPoolsReady(subnetId);
        int events = EventStoreRows.count(jdbc);

        assertProblem(http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", "no-such-idc")), 422, "idc-without-clusters");
        assertProblem(http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc, "cidr", "11.0.0.1/22")), 400, "invalid-cidr");
        assertProblem(http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc, "cidr", "10.0.0.0/22")), 422, "cidr-outside-vpc");
        assertProblem(http.post("/api/v1/vpcs/vpc-00000000-0000-0000-0000-000000000000/subnets", Map.of("idc", idc)), 404, "not-found");
        assertProblem(http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", "cl-unknown", "owner", "vm")), 422, "cluster-not-in-subnet");
        assertProblem(http.post("/api/v1/subnets/sn-bogus/ips", Map.of("clusterId", clusters.get("cluster-1"), "owner", "vm")), 404, "subnet-not-found");
        assertProblem(http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", clusters.get("cluster-1"))), 400, "invalid-field");
        assertProblem(http.delete("/api/v1/subnets/" + subnetId + "/ips/11.255.0.9?owner=vm"), 409, "address-not-held");
        assertProblem(http.delete("/api/v1/subnets/" + subnetId + "/ips/not-an-ip?owner=vm"), 400, "invalid-address");
        assertProblem(http.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "t")), 400, "invalid-field");
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(events);

        for (int i = 0; i < 3; i++) {
            var created = http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc));
            assertThat(created.status()).isEqualTo(202);
            // the saga records Neutron's answers as events: let them land before counting
            awaitPoolsReady(created.json().get("id").asText());
        }
        int four = EventStoreRows.count(jdbc);
        assertProblem(http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc)), 422, "vpc-subnet-limit");
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(four);
    }

    @Test
    void vpcsGetDistinctBlocksAndAnEmptyVpcGivesItsBackOnDelete() {
        String a = createVpc("a");
        String b = createVpc("b");
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/vpcs/" + a).status() == 200
                && http.get("/api/v1/vpcs/" + b).status() == 200);
        String blockA = http.get("/api/v1/vpcs/" + a).json().get("cidr").asText();
        String blockB = http.get("/api/v1/vpcs/" + b).json().get("cidr").asText();
        assertThat(blockA).endsWith("/20").isNotEqualTo(blockB);

        assertThat(http.delete("/api/v1/vpcs/" + a).status()).isEqualTo(204);
        String c = createVpc("c");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var view = http.get("/api/v1/vpcs/" + c);
            assertThat(view.status()).as(view.body()).isEqualTo(200);
        });
        assertThat(http.get("/api/v1/vpcs/" + c).json().get("cidr").asText()).isEqualTo(blockA);
        assertThat(http.get("/api/v1/vpcs/" + a + "/history").json()).extracting(e -> e.get("type").asText())
                .containsExactly("VpcCreatedEvent", "VpcDeletedEvent");
    }

    @Test
    void aNeutronFailureIsVisibleOnTheSubnetAndRetriedUntilItWorks() {
        fleet.simulator().admin().configure("cluster-3", s -> s.errorRate(1.0).errorStatus(500));
        String vpc = createVpc("faulty");
        String subnetId = http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc)).json().get("id").asText();
        String third = clusters.get("cluster-3");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var subnet = http.get("/api/v1/subnets/" + subnetId);
            assertThat(subnet.status()).isEqualTo(200);
            JsonNode pool = poolOf(subnet.json(), third);
            assertThat(pool.get("provisioningStatus").asText()).isEqualTo("FAILED");
            assertThat(pool.get("lastError").asText()).isNotBlank();
        });
        assertProblem(http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", third, "owner", "vm")), 503, "addresses-provisioning");

        fleet.simulator().admin().configure("cluster-3", s -> s.errorRate(0));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(poolOf(http.get("/api/v1/subnets/" + subnetId).json(), third).get("provisioningStatus").asText()).isEqualTo("READY"));
        assertThat(http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", third, "owner", "vm")).status()).isEqualTo(201);
    }

    private String createVpc(String name) {
        return Networks.createVpc(http, "tenant-a", name);
    }

    private JsonNode awaitPoolsReady(String subnetId) {
        return Networks.awaitPoolsReady(http, subnetId, 3);
    }

    private static JsonNode poolOf(JsonNode subnet, String clusterId) {
        for (JsonNode pool : subnet.path("pools")) {
            if (pool.get("clusterId").asText().equals(clusterId)) {
                return pool;
            }
        }
        throw new AssertionError("no pool of " + clusterId + " in " + subnet);
    }

    private static String firstUsable(JsonNode pool) {
        return pool.get("pools").get(0).asText().split("-")[0];
    }

    private static void assertProblem(Http.Response response, int status, String code) {
        Networks.assertProblem(response, status, code);
    }
}
