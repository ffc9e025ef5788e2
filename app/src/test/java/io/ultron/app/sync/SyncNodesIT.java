package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.NodeProcess;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.sim.admin.ServerSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sync on several conductors (each in a JVM of its own, an api node apart): conductor groups split the clusters
 * between them, a cluster no running conductor covers is reported, and when the conductor syncing a cluster dies
 * mid-sync another one syncs it within one interval.
 */
class SyncNodesIT {

    static final Duration INTERVAL = Duration.ofSeconds(4);
    static final Duration LEASE_TTL = Duration.ofSeconds(2);
    static final Duration WAIT = Duration.ofSeconds(90);

    SimulatedFleet fleet;
    FreshDatabase.Infrastructure infra;
    ConfigurableApplicationContext api;
    Http http;
    String idc;
    Map<String, String> clusters;
    final List<NodeProcess> conductors = new ArrayList<>();

    @BeforeEach
    void start() {
        fleet = SimulatedFleet.start(2);
        infra = FreshDatabase.create();
        api = Nodes.start(infra, Stream.concat(Stream.of("--ultron.roles=api"), Stream.of(fleet.asArgs())).toArray(String[]::new));
        http = Nodes.http(api);
        // the cluster view is kept by the conductors each test starts
        idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        clusters = fleet.registerAll(http, idc);
    }

    @AfterEach
    void stop() {
        conductors.forEach(NodeProcess::close);
        Nodes.stop(infra, api);
        fleet.close();
    }

    @Test
    void conductorGroupsSplitTheClustersAndAClusterNoConductorCoversIsReported() throws Exception {
        NodeProcess first = conductor("group-1", "--ultron.conductor.clusters=cluster-1");
        NodeProcess second = conductor("group-2", "--ultron.conductor.clusters=" + clusters.get("cluster-2"));

        await().atMost(WAIT).until(() -> syncs(first, "cluster-1") >= 2 && syncs(second, "cluster-2") >= 2);
        assertThat(syncs(first, "cluster-2")).as("cluster-2 is not in the first conductor's group").isZero();
        assertThat(syncs(second, "cluster-1")).as("cluster-1 is not in the second conductor's group").isZero();
        assertThat(gauge(first, "ultron_sync_uncovered")).isZero();

        second.kill();
        await().atMost(WAIT).until(() -> gauge(first, "ultron_sync_uncovered") == 1);
    }

    @Test
    void whenTheConductorSyncingAClusterDiesMidSyncAnotherSyncsItWithinOneInterval() throws Exception {
        NodeProcess alpha = conductor("alpha");
        NodeProcess beta = conductor("beta");
        String cluster = clusters.get("cluster-1");
        StringRedisTemplate redis = api.getBean(StringRedisTemplate.class);
        String lease = infra.redisPrefix() + "sync:lease:" + cluster;
        await().atMost(WAIT).until(() -> syncs(alpha, "cluster-1") + syncs(beta, "cluster-1") >= 1);

        // the next call to the cluster (the next sync's reading) hangs (for the simulator's holdMillis, a minute)
        fleet.simulator().admin().holdNextCalls("cluster-1", 1);
        await().atMost(WAIT).until(() -> fleet.simulator().admin().cluster("cluster-1").pendingFaults().holdNextCalls() == 0);
        String holder = redis.opsForValue().get(lease);
        assertThat(holder).as("the node whose sync hangs holds the lease").isIn("alpha", "beta");
        NodeProcess doomed = holder.equals("alpha") ? alpha : beta;
        NodeProcess survivor = holder.equals("alpha") ? beta : alpha;
        long syncsBefore = syncs(survivor, "cluster-1");
        Instant killed = Instant.now();
        doomed.kill();

        await().atMost(WAIT).until(() -> syncs(survivor, "cluster-1") > syncsBefore);
        Instant resumed = Instant.ofEpochMilli(Long.parseLong((String) redis.opsForHash()
                .get(infra.redisPrefix() + "sync:state:" + cluster, "incrementalAt")));
        assertThat(resumed).as("the survivor's sync started within one interval of the kill")
                .isAfter(killed).isBefore(killed.plus(INTERVAL).plusSeconds(1));
    }

    @Test
    void capacityIsReadByOneConductorPerRoundOnlyInItsGroupAndByAnotherWhenItDies() throws Exception {
        // sync off: the only Nova calls are capacity reads
        NodeProcess everything = node("capacity-all", List.of("--ultron.sync.enabled=false", "--ultron.compute.capacity-refresh=1s"));
        NodeProcess clusterOne = node("capacity-one", List.of("--ultron.sync.enabled=false", "--ultron.compute.capacity-refresh=1s",
                "--ultron.conductor.clusters=cluster-1"));
        await().atMost(WAIT).until(() -> novaCalls(everything, "cluster-2") >= 2 && novaCalls(everything, "cluster-1")
                + novaCalls(clusterOne, "cluster-1") >= 2);

        long oneBefore = novaCalls(everything, "cluster-1") + novaCalls(clusterOne, "cluster-1");
        long twoBefore = novaCalls(everything, "cluster-2");
        await().atMost(WAIT).until(() -> novaCalls(everything, "cluster-2") >= twoBefore + 8);
        long oneRead = novaCalls(everything, "cluster-1") + novaCalls(clusterOne, "cluster-1") - oneBefore;
        long twoRead = novaCalls(everything, "cluster-2") - twoBefore;
        assertThat(novaCalls(clusterOne, "cluster-2")).as("cluster-2 is not in the group of capacity-one").isZero();
        assertThat(oneRead).as("cluster-1, which both conductors cover, is read once a round, not by each")
                .isLessThanOrEqualTo(twoRead * 3 / 2 + 2);

        long oneByClusterOne = novaCalls(clusterOne, "cluster-1");
        everything.kill();
        await().atMost(WAIT).until(() -> novaCalls(clusterOne, "cluster-1") >= oneByClusterOne + 3);
    }

    @Test
    void anUnmanagedServerOneConductorFindsIsAdoptedThroughTheApiNodeAndNamedByAConductor() throws Exception {
        conductor("alpha");
        conductor("beta");
        String vpc = Networks.createVpc(http, "acme", "adopt");
        JsonNode subnet = Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);
        String neutronSubnet = java.util.stream.StreamSupport.stream(subnet.get("pools").spliterator(), false)
                .filter(pool -> pool.get("clusterId").asText().equals(clusters.get("cluster-1"))).findFirst().orElseThrow()
                .get("neutronSubnetId").asText();
        String novaId = fleet.simulator().admin().seedServers("cluster-1", ServerSeed.of(1, "legacy-app").onSubnet(neutronSubnet))
                .get(0);

        JsonNode found = await().atMost(WAIT).until(() -> java.util.stream.StreamSupport.stream(
                        http.get("/api/v1/drift").json().get("servers").spliterator(), false)
                .filter(server -> server.get("novaServerId").asText().equals(novaId)).findFirst().orElse(null), server -> server != null);
        var adopted = http.post("/api/v1/drift/servers/" + found.get("id").asText() + "/adopt", Map.of("flavor", "m1.small"));

        assertThat(adopted.status()).as(adopted.body()).isEqualTo(202);
        String serverId = adopted.json().get("serverId").asText();
        await().atMost(WAIT).until(() -> fleet.simulator().admin().server("cluster-1", novaId).name(), ("ultron-" + serverId)::equals);
        await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + serverId + "/history").body().contains("AdoptedServerNamedEvent"));
        // the drift view is kept by the conductors: it follows a moment later
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + found.get("id").asText()).status() == 404);
        assertThat(http.get("/api/v1/servers/" + serverId).json().get("novaServerId").asText()).isEqualTo(novaId);
    }

    private NodeProcess conductor(String nodeId, String... group) throws Exception {
        List<String> settings = new ArrayList<>(List.of("--ultron.compute.capacity-refresh=1h",
                "--ultron.sync.tick=200ms", "--ultron.sync.initial-delay=0s", "--ultron.sync.interval=" + INTERVAL.toSeconds() + "s",
                "--ultron.sync.lease-ttl=" + LEASE_TTL.toSeconds() + "s"));
        settings.addAll(List.of(group));
        return node(nodeId, settings);
    }

    private NodeProcess node(String nodeId, List<String> settings) throws Exception {
        List<String> args = new ArrayList<>(List.of(fleet.asArgs()));
        args.add("--ultron.roles=conductor");
        args.addAll(settings);
        NodeProcess node = NodeProcess.start(infra, nodeId, "sync-" + nodeId + ".log", args.toArray(String[]::new));
        conductors.add(node);
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> node.http().get("/actuator/health").status() == 200);
        return node;
    }

    /** Syncs of the cluster that the node finished well, from its Prometheus page. */
    private static long syncs(NodeProcess node, String clusterName) {
        return node.http().get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("ultron_sync_duration_seconds_count{")
                        && line.contains("cluster=\"" + clusterName + "\"") && line.contains("outcome=\"ok\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Nova calls to the cluster that the node made and that went well, from its Prometheus page. */
    private static long novaCalls(NodeProcess node, String clusterName) {
        return node.http().get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("ultron_openstack_calls_seconds_count{")
                        && line.contains("cluster=\"" + clusterName + "\"") && line.contains("service=\"nova\"")
                        && line.contains("outcome=\"ok\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static double gauge(NodeProcess node, String name) {
        return node.http().get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }
}
