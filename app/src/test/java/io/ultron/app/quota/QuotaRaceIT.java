package io.ultron.app.quota;

import io.ultron.app.support.Concurrently;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ultron.app.quota.Quotas.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes (one database, one Redis) racing requests of one tenant whose sum exceeds its quota: the tenant's quota
 * aggregate decides them one after the other whichever node handles them, so what is accepted never exceeds the
 * limit, on the server list and in the quota's own numbers.
 */
class QuotaRaceIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    static SimulatedFleet fleet;
    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static Http a;
    static Http b;
    static Map<String, String> clusters;
    static final String IDC = "idc-race";

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(2);
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(100, 300)));
        infra = FreshDatabase.create();
        nodeA = start("node-a");
        nodeB = start("node-b");
        a = Nodes.http(nodeA);
        b = Nodes.http(nodeB);
        clusters = fleet.registerAllAndAwait(a, IDC);
        StringRedisTemplate redis = nodeA.getBean(StringRedisTemplate.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> clusters.values().stream()
                .allMatch(id -> redis.hasKey(infra.redisPrefix() + "compute:capacity:" + id)));
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, nodeA, nodeB);
        if (fleet != null) {
            fleet.close();
        }
    }

    private static ConfigurableApplicationContext start(String nodeId) {
        List<String> args = new ArrayList<>(List.of(fleet.asArgs()));
        args.add("--ultron.node-id=" + nodeId);
        args.add("--ultron.compute.capacity-refresh=300ms");
        return Nodes.start(infra, args.toArray(String[]::new));
    }

    @Test
    void batchesRacingOnTwoNodesNeverTogetherExceedTheServerQuota() throws Exception {
        String tenant = "race-servers";
        String vpc = Networks.createVpc(a, tenant, "race");
        Networks.awaitPoolsReady(a, Networks.createSubnet(b, vpc, IDC), clusters.size());
        Quotas.set(a, tenant, "servers", 10);

        // twelve batches of three (36 servers) against a quota of ten, half on each node, released at once
        List<Http.Response> answers = Concurrently.run(12,
                i -> (i % 2 == 0 ? a : b).post("/api/v1/batches", batch(tenant, vpc, IDC, "race-" + i, 3, "m1.tiny")));

        List<Http.Response> accepted = answers.stream().filter(answer -> answer.status() == 202).toList();
        List<Http.Response> refused = answers.stream().filter(answer -> answer.status() == 422).toList();
        assertThat(accepted.size() + refused.size()).as(answers.toString()).isEqualTo(12);
        assertThat(refused).allSatisfy(answer -> assertThat(answer.json().path("code").asText()).isEqualTo("quota-exceeded"));
        long servers = accepted.stream().mapToLong(answer -> answer.json().path("placed").asLong()).sum();
        assertThat(servers).as("never more than the quota").isLessThanOrEqualTo(10);
        assertThat(accepted).as("a batch is refused only when it does not fit: three fit").hasSize(3);

        assertThat(Quotas.used(a, tenant, "servers")).isEqualTo(servers);
        assertThat(Quotas.used(b, tenant, "servers")).isEqualTo(servers);
        await().atMost(WAIT).until(() -> b.get("/api/v1/servers?tenant=" + tenant + "&size=100").json().path("total").asLong() == servers);
        assertThat(a.get("/api/v1/servers?tenant=" + tenant + "&size=100").json().path("total").asLong()).isEqualTo(servers);
        // once the usage processor has recorded them too, nothing is counted twice
        await().atMost(WAIT).until(() -> Quotas.used(b, tenant, "servers") == servers);
    }

    @Test
    void allocationsRacingOnTwoNodesNeverTogetherExceedTheAddressQuota() throws Exception {
        String tenant = "race-addresses";
        String vpc = Networks.createVpc(a, tenant, "race");
        String subnet = Networks.createSubnet(a, vpc, IDC);
        Networks.awaitPoolsReady(b, subnet, clusters.size());
        Quotas.set(b, tenant, "addresses", 5);
        String cluster = clusters.values().iterator().next();

        List<Http.Response> answers = Concurrently.run(12, i -> (i % 2 == 0 ? a : b).post("/api/v1/subnets/" + subnet + "/ips",
                Map.of("clusterId", cluster, "owner", "vm-race-" + i)));

        List<Http.Response> allocated = answers.stream().filter(answer -> answer.status() == 201).toList();
        List<Http.Response> refused = answers.stream().filter(answer -> answer.status() == 422).toList();
        assertThat(allocated.size() + refused.size()).as(answers.toString()).isEqualTo(12);
        assertThat(refused).allSatisfy(answer -> assertThat(answer.json().path("code").asText()).isEqualTo("quota-exceeded"));
        assertThat(allocated).as("exactly the quota: a refusal only when it is reached").hasSize(5);
        await().atMost(WAIT).until(() -> a.get("/api/v1/subnets/" + subnet + "/ips").json().size() == 5);
        await().atMost(WAIT).until(() -> Quotas.used(a, tenant, "addresses") == 5 && Quotas.used(b, tenant, "addresses") == 5);
    }
}
