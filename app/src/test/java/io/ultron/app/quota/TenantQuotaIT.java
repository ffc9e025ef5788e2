package io.ultron.app.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ultron.app.quota.Quotas.assertExceeded;
import static io.ultron.app.quota.Quotas.batch;
import static io.ultron.app.support.Networks.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant quotas over HTTP with real keys, on one node: at the limit a request passes, one over it is refused with
 * 422 {@code quota-exceeded} naming the numbers and stores nothing, a raised quota lets it through, and the usage
 * shown follows deletions (the usage processor gives back what a deleted server or VPC held, and counts released
 * addresses).
 */
@UltronIntegrationTest
class TenantQuotaIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    static final String PREFIX = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    static final Duration WAIT = Duration.ofSeconds(60);

    static {
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(100, 300)));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.compute.build-watch-interval", () -> "200ms");
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

    @BeforeEach
    void setUp() {
        if (clusters == null) {
            idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
            clusters = fleet.registerAllAndAwait(http, idc);
            await().atMost(Duration.ofSeconds(15)).until(() -> clusters.values().stream()
                    .allMatch(id -> redis.hasKey(PREFIX + "compute:capacity:" + id)));
        }
    }

    /** A VPC of the tenant with a subnet whose pools are ready. */
    private String[] network(String tenant) {
        String vpc = Networks.createVpc(http, tenant, "quota");
        String subnet = Networks.createSubnet(http, vpc, idc);
        Networks.awaitPoolsReady(http, subnet, clusters.size());
        return new String[]{vpc, subnet};
    }

    private long serversListed(String tenant) {
        return http.get("/api/v1/servers?tenant=" + tenant + "&size=200").json().path("total").asLong();
    }

    @Test
    void serversAtTheLimitPassOneOverIsRefusedWithTheNumbersAndARaisedQuotaLetsItThrough() {
        String tenant = "quota-servers";
        String vpc = network(tenant)[0];
        JsonNode set = Quotas.set(http, tenant, "servers", 3);
        assertThat(set.path("tenant").asText()).isEqualTo(tenant);
        assertThat(set.path("limits").path("servers").asLong()).isEqualTo(3);
        assertThat(set.path("limits").has("vcpus")).as("unlimited: no number").isFalse();

        var two = http.post("/api/v1/batches", batch(tenant, vpc, idc, "web", 2, "m1.tiny"));
        assertThat(two.status()).as(two.body()).isEqualTo(202);
        assertExceeded(http.post("/api/v1/batches", batch(tenant, vpc, idc, "web", 2, "m1.tiny")), "servers", 3, 2, 2);
        var third = http.post("/api/v1/servers", Map.of("tenant", tenant, "name", "web-3", "vpcId", vpc, "idc", idc,
                "flavor", "m1.tiny", "image", io.ultron.app.compute.Images.CIRROS, "bootDisk", "LOCAL", "diskGb", 20));
        assertThat(third.status()).as("at the limit: " + third.body()).isEqualTo(202);
        assertExceeded(http.post("/api/v1/batches", batch(tenant, vpc, idc, "web", 1, "m1.tiny")), "servers", 3, 3, 1);

        JsonNode quota = Quotas.get(http, tenant);
        assertThat(quota.path("usage").path("servers").asLong()).isEqualTo(3);
        assertThat(quota.path("usage").path("vcpus").asLong()).isEqualTo(3);
        assertThat(quota.path("usage").path("ramMb").asLong()).isEqualTo(3 * 512);
        await().atMost(WAIT).until(() -> serversListed(tenant) == 3);

        Quotas.set(http, tenant, "servers", 5);
        var raised = http.post("/api/v1/batches", batch(tenant, vpc, idc, "more", 2, "m1.tiny"));
        assertThat(raised.status()).as(raised.body()).isEqualTo(202);
        assertThat(Quotas.used(http, tenant, "servers")).isEqualTo(5);
        await().atMost(WAIT).until(() -> serversListed(tenant) == 5);
    }

    @Test
    void vcpusAndRamFollowTheFlavorAndTheUsageFollowsADeletedServer() {
        String tenant = "quota-flavors";
        String vpc = network(tenant)[0];
        Quotas.set(http, tenant, "vcpus", 4, "ramMb", 10240);

        var mediums = http.post("/api/v1/batches", batch(tenant, vpc, idc, "med", 2, "m1.medium"));
        assertThat(mediums.status()).as(mediums.body()).isEqualTo(202);
        assertExceeded(http.post("/api/v1/batches", batch(tenant, vpc, idc, "tiny", 1, "m1.tiny")), "vcpus", 4, 4, 1);

        Quotas.set(http, tenant, "vcpus", 8, "ramMb", 10240);
        var small = http.post("/api/v1/batches", batch(tenant, vpc, idc, "small", 1, "m1.small"));
        assertThat(small.status()).as("8192 + 2048 MB is the limit: " + small.body()).isEqualTo(202);
        assertExceeded(http.post("/api/v1/batches", batch(tenant, vpc, idc, "tiny", 1, "m1.tiny")), "ramMb", 10240, 10240, 512);

        String medium = mediums.json().path("serverIds").get(0).asText();
        await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + medium).json().path("status").asText(), "ACTIVE"::equals);
        assertThat(http.delete("/api/v1/servers/" + medium).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> Quotas.used(http, tenant, "vcpus") == 3);
        JsonNode quota = Quotas.get(http, tenant);
        assertThat(quota.path("usage").path("servers").asLong()).isEqualTo(2);
        assertThat(quota.path("usage").path("ramMb").asLong()).isEqualTo(4096 + 2048);
        var tiny = http.post("/api/v1/batches", batch(tenant, vpc, idc, "tiny", 1, "m1.tiny"));
        assertThat(tiny.status()).as("room again after the deletion: " + tiny.body()).isEqualTo(202);
    }

    @Test
    void vpcsAtTheLimitOneOverRefusedAndADeletedVpcMakesRoom() {
        String tenant = "quota-vpcs";
        Quotas.set(http, tenant, "vpcs", 1);
        String first = Networks.createVpc(http, tenant, "first");
        assertExceeded(http.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", tenant, "name", "second")), "vpcs", 1, 1, 1);

        assertThat(http.delete("/api/v1/vpcs/" + first).status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> Quotas.used(http, tenant, "vpcs") == 0);
        Networks.createVpc(http, tenant, "again");
        assertThat(Quotas.used(http, tenant, "vpcs")).isEqualTo(1);
    }

    @Test
    void addressesAtTheLimitOneOverRefusedAndAReleasedAddressMakesRoom() {
        String tenant = "quota-addresses";
        String subnet = network(tenant)[1];
        String cluster = clusters.values().iterator().next();
        Quotas.set(http, tenant, "addresses", 2);

        var first = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-1"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        var second = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-2"));
        assertThat(second.status()).as("at the limit: " + second.body()).isEqualTo(201);
        assertExceeded(http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-3")),
                "addresses", 2, 2, 1);
        assertThat(http.get("/api/v1/subnets/" + subnet + "/ips").json().toString()).doesNotContain("vm-3");
        assertThat(Quotas.used(http, tenant, "addresses")).isEqualTo(2);

        String address = first.json().path("address").asText();
        assertThat(http.delete("/api/v1/subnets/" + subnet + "/ips/" + address + "?owner=vm-1").status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> Quotas.used(http, tenant, "addresses") == 1);
        var again = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-3"));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        // the reservations are consumed as the addresses are counted: the usage stays the addresses held
        await().atMost(WAIT).until(() -> Quotas.get(http, tenant).path("usage").path("addresses").asLong() == 2);
    }

    @Test
    void aTenantNobodySetAQuotaForIsUnlimitedAndItsUsageFollowsTheEvents() {
        String tenant = "quota-never-set";
        JsonNode none = Quotas.get(http, tenant);
        assertThat(none.path("limits").size()).as("no limit: " + none).isZero();
        assertThat(none.path("usage").path("vpcs").asLong()).isZero();

        String subnet = network(tenant)[1];
        var allocated = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", clusters.values().iterator().next(), "owner", "vm-1"));
        assertThat(allocated.status()).as(allocated.body()).isEqualTo(201);
        await().atMost(WAIT).until(() -> {
            JsonNode usage = Quotas.get(http, tenant).path("usage");
            return usage.path("vpcs").asLong() == 1 && usage.path("addresses").asLong() == 1;
        });
        // a quota set now starts from what the tenant has, and the next allocation knows it at once
        Quotas.set(http, tenant, "vpcs", 1, "addresses", 1);
        assertExceeded(http.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", tenant, "name", "second")), "vpcs", 1, 1, 1);
        assertExceeded(http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", clusters.values().iterator().next(),
                "owner", "vm-2")), "addresses", 1, 1, 1);
        // and unlimited again
        Quotas.set(http, tenant, "vpcs", 1);
        var unlimited = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", clusters.values().iterator().next(), "owner", "vm-2"));
        assertThat(unlimited.status()).as(unlimited.body()).isEqualTo(201);
    }

    @Test
    void badLimitsAre400() {
        for (String body : List.of("{\"servers\": -1}", "{\"vcpus\": \"ten\"}", "{\"ramMb\": 1.5}", "{\"addresses\": true}",
                "{\"volumes\": 3}", "[]")) {
            var answer = http.put("/api/v1/tenants/quota-bad/quota", body);
            assertThat(answer.status()).as(body + " → " + answer.body()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(Quotas.get(http, "quota-bad").path("limits").size()).as("nothing was set").isZero();
    }

    @Test
    void membersAndViewersReadTheirOwnTenantsQuotaOnlyAndOnlyAnAdminSetsOne() {
        Http member = Callers.create(http, "quota-member", List.of("member"), List.of("quota-own"), null).http();
        Http viewer = Callers.create(http, "quota-viewer", List.of("viewer"), List.of("quota-own"), null).http();
        Http operator = Callers.create(http, "quota-operator", List.of("operator"), List.of(), null).http();
        Quotas.set(http, "quota-own", "servers", 7);
        Quotas.set(http, "quota-other", "servers", 9);

        assertThat(Quotas.get(member, "quota-own").path("limits").path("servers").asLong()).isEqualTo(7);
        assertThat(Quotas.get(viewer, "quota-own").path("limits").path("servers").asLong()).isEqualTo(7);
        assertThat(Quotas.get(operator, "quota-other").path("limits").path("servers").asLong()).isEqualTo(9);
        assertProblem(member.get("/api/v1/tenants/quota-other/quota"), 403, "tenant-forbidden");
        assertProblem(viewer.get("/api/v1/tenants/quota-other/quota"), 403, "tenant-forbidden");
        assertThat(member.put("/api/v1/tenants/quota-own/quota", Map.of("servers", 100)).status()).isEqualTo(403);
        assertThat(operator.put("/api/v1/tenants/quota-own/quota", Map.of("servers", 100)).status()).isEqualTo(403);
        assertThat(http.anonymous().get("/api/v1/tenants/quota-own/quota").status()).isEqualTo(401);
        assertThat(Quotas.get(http, "quota-own").path("limits").path("servers").asLong()).isEqualTo(7);
    }
}
