package io.ultron.app.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.sim.compute.ServerView;
import io.ultron.sim.network.PortView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A conductor dies (SIGKILL, in its own JVM) in the middle of a 100-server batch; another node takes over. Every
 * server still ends ACTIVE or FAILED, nothing is created twice and nothing is leaked in any cluster.
 */
class ConductorCrashIT {

    static final int SERVERS = 100;
    static SimulatedFleet fleet;
    static FreshDatabase.Infrastructure infra;
    static Process doomed;
    static ConfigurableApplicationContext survivor;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(3);
        for (String cluster : fleet.clusterNames()) {
            fleet.simulator().admin().configure(cluster, s -> s.bootTime(2_000, 6_000));
        }
        infra = FreshDatabase.create();
    }

    @AfterAll
    static void stop() {
        if (doomed != null) {
            doomed.destroyForcibly();
        }
        Nodes.stop(infra, survivor);
        fleet.close();
    }

    @Test
    @Disabled("a batch on a node that lives leaves some servers without news of their network or boot step for minutes "
            + "since the many-node changes (see the closing note of the session that disabled it); fix that first")
    void everyServerEndsActiveOrFailedWithNothingLeakedOrDoubledAfterTheConductorDies() throws Exception {
        int port = freePort();
        doomed = startNodeProcess(port);
        Http first = new Http(port);
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> first.get("/actuator/health").status() == 200);

        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> clusters = fleet.registerAllAndAwait(first, idc);
        String vpc = Networks.createVpc(first, "acme", "crash");
        Networks.awaitPoolsReady(first, Networks.createSubnet(first, vpc, idc), 3);
        var created = await().atMost(Duration.ofSeconds(30)).until(() -> first.post("/api/v1/batches", Map.of(
                "tenant", "acme", "namePrefix", "crash", "count", SERVERS, "vpcId", vpc, "idc", idc, "flavor", "m1.tiny",
                "image", Images.CIRROS, "bootDisk", "LOCAL", "diskGb", 1)), response -> response.status() == 202);
        String batchId = created.json().get("batchId").asText();

        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                infra.jdbcUrl(), FreshDatabase.USER, FreshDatabase.PASSWORD));
        // kill it mid-flight: some servers booting, none finished
        await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "ServerBuildingEvent") >= 10);
        assertThat(count(jdbc, "BatchCompletedEvent")).isZero();
        doomed.destroyForcibly().waitFor();

        survivor = Nodes.start(infra, fleet.asArgs());
        Http second = Nodes.http(survivor);
        await().atMost(Duration.ofSeconds(240)).until(() -> count(jdbc, "BatchCompletedEvent") == 1);

        JsonNode batch = await().atMost(Duration.ofSeconds(30)).until(() -> second.get("/api/v1/batches/" + batchId),
                response -> response.status() == 200 && response.json().get("completed").asBoolean()).json();
        assertThat(batch.get("active").asInt() + batch.get("failed").asInt()).isEqualTo(SERVERS);

        List<JsonNode> servers = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            servers.clear();
            second.get("/api/v1/batches/" + batchId + "/servers?size=500").json().get("items").forEach(servers::add);
            assertThat(servers).hasSize(SERVERS)
                    .allSatisfy(server -> assertThat(server.get("status").asText()).isIn("ACTIVE", "FAILED"));
        });

        Set<String> ultronIds = new HashSet<>();
        servers.forEach(server -> ultronIds.add(server.get("id").asText()));
        Map<String, String> activeWhere = new HashMap<>();
        servers.stream().filter(s -> s.get("status").asText().equals("ACTIVE"))
                .forEach(s -> activeWhere.put("ultron-" + s.get("id").asText(), s.get("clusterId").asText()));
        Map<String, String> clusterName = new HashMap<>();
        clusters.forEach((name, id) -> clusterName.put(id, name));

        List<String> novaNames = new ArrayList<>();
        List<String> portNames = new ArrayList<>();
        for (String cluster : fleet.clusterNames()) {
            for (ServerView server : fleet.simulator().admin().servers(cluster)) {
                if (server.name().startsWith("ultron-srv-")) {
                    novaNames.add(server.name());
                    assertThat(clusterName.get(activeWhere.get(server.name()))).as(server.name() + " runs where Ultron says")
                            .isEqualTo(cluster);
                    assertThat(server.status()).isEqualTo("ACTIVE");
                }
            }
            for (PortView neutronPort : fleet.simulator().admin().ports(cluster)) {
                if (neutronPort.name().startsWith("ultron-srv-")) {
                    portNames.add(neutronPort.name());
                }
            }
        }
        assertThat(novaNames).as("one Nova server per ACTIVE server, none twice, none for a FAILED one")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(activeWhere.keySet());
        assertThat(portNames).as("one port per ACTIVE server").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(activeWhere.keySet());

        List<String> activeIds = activeWhere.keySet().stream().map(name -> name.substring("ultron-".length())).toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForList("SELECT owner FROM ip_allocation_view WHERE vpc_id = ?", String.class, vpc))
                        .as("an address per ACTIVE server, none for a FAILED one").doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(activeIds));
        assertThat(ultronIds).hasSize(SERVERS);
    }

    private static int count(JdbcTemplate jdbc, String eventType) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType LIKE ?", Integer.class,
                "%." + eventType);
    }

    /** A whole node in a JVM of its own, on the test classpath, so that it can be killed like a crashed machine. */
    private static Process startNodeProcess(int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.ultron.app.UltronApplication",
                "--server.port=" + port, "--ultron.node-id=doomed", "--logging.level.root=WARN"));
        command.addAll(List.of(infra.asArgs()));
        command.addAll(List.of(fleet.asArgs()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/conductor-crash-doomed-node.log"));
        builder.environment().put("ULTRON_DB_URL", infra.jdbcUrl());
        builder.environment().put("ULTRON_REDIS_URL", FreshDatabase.REDIS_URL);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
