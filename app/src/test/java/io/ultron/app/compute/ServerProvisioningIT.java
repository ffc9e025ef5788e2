package io.ultron.app.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sagas.openstack.RequestIds;
import io.ultron.sim.compute.ServerView;
import io.ultron.sim.network.PortView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ultron.app.support.Networks.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers end to end against the simulator: batches to ACTIVE with their ports and addresses in Neutron, build
 * failures compensated and rescheduled once, servers that cannot be built FAILED with nothing left behind, power
 * actions and deletion.
 */
@UltronIntegrationTest
class ServerProvisioningIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    static final SimulatedFleet fleet = SimulatedFleet.start(3);
    static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.compute.build-watch-interval", () -> "200ms");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    static Map<String, String> clusters;
    static Map<String, String> clusterNames = new HashMap<>();
    static String idc;
    static String vpc;

    @BeforeEach
    void setUp() {
        if (clusters == null) {
            idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
            clusters = fleet.registerAllAndAwait(http, idc);
            clusters.forEach((name, id) -> clusterNames.put(id, name));
            vpc = Networks.createVpc(http, "acme", "servers");
            Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 3);
        }
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin()
                .configure(cluster, s -> s.bootTime(300, 600).buildFailureRate(0)));
    }

    @AfterEach
    void healClusters() {
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.buildFailureRate(0)
                .latency(Duration.ZERO, Duration.ofMillis(2))));
    }

    @Test
    void aBatchEndsActiveOnPortsWithItsAddressesAndTheTraceIdReachesOpenStack() {
        String batchId = createBatch(9, "trace-batch-9");

        JsonNode batch = awaitCompleted(batchId);
        assertThat(batch.get("active").asInt()).isEqualTo(9);
        assertThat(batch.get("failed").asInt()).isZero();
        List<JsonNode> servers = serversOf(batchId);
        assertThat(servers).hasSize(9).allSatisfy(server -> {
            assertThat(server.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(server.get("host").asText()).isNotBlank();
            String cluster = clusterNames.get(server.get("clusterId").asText());
            ServerView nova = novaServer(cluster, server.get("id").asText()).orElseThrow();
            assertThat(nova.status()).isEqualTo("ACTIVE");
            PortView port = port(cluster, server.get("id").asText()).orElseThrow();
            assertThat(port.fixedIps()).containsExactly(server.get("address").asText());
            assertThat(nova.portIds()).containsExactly(port.id());
        });
        assertThat(servers.stream().map(s -> s.get("address").asText()).distinct()).hasSize(9);
        assertThat(servers.stream().map(s -> s.get("clusterId").asText()).distinct()).as("spread").hasSize(3);
        assertThat(fleet.simulator().admin().requests(RequestIds.fromTraceId("trace-batch-9")))
                .as("the batch's trace id is OpenStack's request id").isNotEmpty();

        String first = servers.get(0).get("id").asText();
        assertThat(http.get("/api/v1/servers/" + first + "/history").json())
                .extracting(event -> event.get("type").asText())
                .containsExactly("ServerRequestedEvent", "ServerScheduledEvent", "ServerNetworkReadyEvent",
                        "ServerBuildingEvent", "ServerActiveEvent");
    }

    @Test
    void aFailedBuildIsCompensatedAndRescheduledOnceOnAnotherCluster() {
        fleet.simulator().admin().configure("cluster-1", s -> s.buildFailureRate(1.0));
        String batchId = createBatch(6, "trace-resched");

        JsonNode batch = awaitCompleted(batchId);
        assertThat(batch.get("active").asInt()).isEqualTo(6);
        List<JsonNode> rescheduled = serversOf(batchId).stream().filter(s -> s.get("attempt").asInt() == 2).toList();
        assertThat(rescheduled).as("the servers placed on the failing cluster").isNotEmpty().allSatisfy(server -> {
            assertThat(server.get("clusterId").asText()).isNotEqualTo(clusters.get("cluster-1"));
            String id = server.get("id").asText();
            assertThat(novaServer("cluster-1", id)).as("the ERROR server is deleted").isEmpty();
            assertThat(port("cluster-1", id)).as("its port is deleted").isEmpty();
            assertThat(http.get("/api/v1/servers/" + id + "/history").json())
                    .extracting(event -> event.get("type").asText())
                    .containsSubsequence("ServerProvisioningFailedEvent", "ServerCompensatedEvent", "ServerScheduledEvent",
                            "ServerActiveEvent");
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(addressesHeldBy(rescheduled.stream()
                .map(s -> s.get("id").asText()).toList())).as("one address each, the first one given back")
                .hasSize(rescheduled.size()));
    }

    @Test
    void serversWaitingForTheirClustersAddressesAreAskedAgainByStoredRetriesAndEndActive() {
        // a slow Neutron: the new subnet's pools take seconds, and the servers' addresses are pending meanwhile
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.latency(1500, 1500)));
        String slowVpc = Networks.createVpc(http, "acme", "slow-neutron");
        Networks.createSubnet(http, slowVpc, idc);
        assertThat(http.get("/api/v1/vpcs/" + slowVpc).status()).as("the VPC is in its view").isEqualTo(200);
        Map<String, Object> body = new LinkedHashMap<>(server(null));
        body.remove("name");
        body.put("namePrefix", "patient");
        body.put("count", 3);
        body.put("vpcId", slowVpc);
        var created = http.post("/api/v1/batches", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);

        await().atMost(WAIT).until(() -> networkRetriesRun() > 0);
        healClusters();

        JsonNode batch = awaitCompleted(created.json().get("batchId").asText());
        assertThat(batch.get("active").asInt()).isEqualTo(3);
        assertThat(serversOf(batch.get("id").asText())).allSatisfy(server ->
                assertThat(http.get("/api/v1/servers/" + server.get("id").asText() + "/history").json())
                        .extracting(event -> event.get("type").asText())
                        .doesNotContain("ServerProvisioningFailedEvent"));
    }

    /** The network step's retries db-scheduler has run (they are stored executions, not timers of one node). */
    private double networkRetriesRun() {
        return meters.find("dbscheduler_task_completions").tag("task", "server-network-retry").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void aServerNoClusterCanBuildFailsWithTheReasonAndNothingLeftBehind() {
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.buildFailureRate(1.0)));
        var created = http.post("/api/v1/servers", server("doomed"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().get("serverId").asText();

        JsonNode batch = awaitCompleted(created.json().get("batchId").asText());
        assertThat(batch.get("failed").asInt()).isEqualTo(1);
        // the batch's and the server's rows are updated by different segments of the view: one may lead
        awaitStatus(id, "FAILED");
        JsonNode server = http.get("/api/v1/servers/" + id).json();
        assertThat(server.get("failureReason").asText()).contains("No valid host");
        for (String cluster : fleet.clusterNames()) {
            assertThat(novaServer(cluster, id)).isEmpty();
            assertThat(port(cluster, id)).isEmpty();
        }
        await().atMost(WAIT).until(() -> addressesHeldBy(List.of(id)).isEmpty());
    }

    @Test
    void stopStartRebootAndDeleteFollowTheLifecycleAndRefuseIllegalTransitions() {
        var created = http.post("/api/v1/servers", server("power"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().get("serverId").asText();
        assertProblem(http.post("/api/v1/servers/" + id + "/actions", Map.of("action", "STOP")), 409, "illegal-transition");
        awaitStatus(id, "ACTIVE");
        String cluster = clusterNames.get(http.get("/api/v1/servers/" + id).json().get("clusterId").asText());

        assertThat(http.post("/api/v1/servers/" + id + "/actions", Map.of("action", "STOP")).status()).isEqualTo(202);
        awaitStatus(id, "STOPPED");
        assertThat(novaServer(cluster, id).orElseThrow().status()).isEqualTo("SHUTOFF");
        assertProblem(http.post("/api/v1/servers/" + id + "/actions", Map.of("action", "REBOOT")), 409, "illegal-transition");
        assertThat(http.post("/api/v1/servers/" + id + "/actions", Map.of("action", "START")).status()).isEqualTo(202);
        awaitStatus(id, "ACTIVE");
        assertThat(http.post("/api/v1/servers/" + id + "/actions", Map.of("action", "REBOOT")).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> completedActions(id) == 3);
        assertProblem(http.post("/api/v1/servers/" + id + "/actions", Map.of("action", "HIBERNATE")), 400, "invalid-body");

        assertThat(http.delete("/api/v1/servers/" + id).status()).isEqualTo(202);
        awaitStatus(id, "DELETED");
        assertThat(novaServer(cluster, id)).isEmpty();
        assertThat(port(cluster, id)).isEmpty();
        await().atMost(WAIT).until(() -> addressesHeldBy(List.of(id)).isEmpty());
        assertProblem(http.delete("/api/v1/servers/" + id), 409, "server-deleted");
        assertProblem(http.delete("/api/v1/servers/srv-" + UUID.randomUUID()), 404, "not-found");
    }

    private long completedActions(String serverId) {
        List<String> types = new ArrayList<>();
        http.get("/api/v1/servers/" + serverId + "/history").json().forEach(event -> types.add(event.get("type").asText()));
        return types.stream().filter("ServerPowerActionCompletedEvent"::equals).count();
    }

    private String createBatch(int count, String traceId) {
        Map<String, Object> body = new LinkedHashMap<>(server(null));
        body.remove("name");
        body.put("namePrefix", "web");
        body.put("count", count);
        var created = http.post("/api/v1/batches", body, "X-Request-Id", traceId);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("batchId").asText();
    }

    private static Map<String, Object> server(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", "acme");
        body.put("name", name);
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", "m1.small");
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "CLOUD");
        body.put("diskGb", 10);
        return body;
    }

    private JsonNode awaitCompleted(String batchId) {
        return await().atMost(WAIT).until(() -> http.get("/api/v1/batches/" + batchId),
                response -> response.status() == 200 && response.json().get("completed").asBoolean()).json();
    }

    private void awaitStatus(String serverId, String status) {
        await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + serverId).json().path("status").asText(),
                status::equals);
    }

    private List<JsonNode> serversOf(String batchId) {
        List<JsonNode> servers = new ArrayList<>();
        http.get("/api/v1/batches/" + batchId + "/servers?size=500").json().get("items").forEach(servers::add);
        return servers;
    }

    private List<String> addressesHeldBy(List<String> serverIds) {
        return jdbc.queryForList("SELECT address FROM ip_allocation_view WHERE vpc_id = ?", String.class, vpc).stream()
                .filter(address -> serverIds.contains(jdbc.queryForObject(
                        "SELECT owner FROM ip_allocation_view WHERE address = ?", String.class, address)))
                .toList();
    }

    private static Optional<ServerView> novaServer(String cluster, String serverId) {
        return fleet.simulator().admin().servers(cluster).stream()
                .filter(server -> server.name().equals("ultron-" + serverId)).findFirst();
    }

    private static Optional<PortView> port(String cluster, String serverId) {
        return fleet.simulator().admin().ports(cluster).stream()
                .filter(port -> port.name().equals("ultron-" + serverId)).findFirst();
    }
}
