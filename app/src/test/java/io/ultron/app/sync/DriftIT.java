package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.LeftoverPortId;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sim.admin.ServerSeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
 * Servers in the clusters that no Ultron server owns, made in the simulator behind Ultron's back: one made outside
 * Ultron is listed as unmanaged and followed until it is gone; one named {@code ultron-*} that nothing of Ultron's
 * holds is a leftover, deleted after the grace period; each step is in the server's history, recorded by sync. An
 * unmanaged server whose address lies in the cluster's slices is adopted: its address claimed, named after its new
 * Ultron server; an address Ultron handed out to someone else is a conflict.
 */
@UltronIntegrationTest
class DriftIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(1);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration LEFTOVER_GRACE = Duration.ofSeconds(4);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.propertiesWithQuickSync((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.sync.full-interval", () -> "3s");
        registry.add("ultron.sync.leftover-grace", () -> LEFTOVER_GRACE.toSeconds() + "s");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Autowired
    MeterRegistry meters;

    static String idc;
    static String clusterId;
    static String vpcId;
    static String subnetId;
    static String neutronSubnetId;

    @BeforeEach
    void setUp() {
        if (clusterId == null) {
            idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
            clusterId = fleet.registerAllAndAwait(http, idc).values().iterator().next();
        }
    }

    @Test
    void aServerMadeOutsideUltronIsListedAsUnmanagedFollowedAndForgottenWhenGone() {
        String cluster = fleet.clusterNames().get(0);
        String novaId = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "legacy-db")).get(0);

        JsonNode found = awaitUnowned(novaId);
        assertThat(found.get("kind").asText()).isEqualTo("UNMANAGED");
        assertThat(found.get("name").asText()).isEqualTo("legacy-db-1");
        assertThat(found.get("clusterId").asText()).isEqualTo(clusterId);
        assertThat(found.get("novaStatus").asText()).isEqualTo("ACTIVE");
        String id = found.get("id").asText();
        assertThat(http.get("/api/v1/drift?kind=LEFTOVER").json().get("servers")).noneMatch(server -> server.get("id").asText().equals(id));

        fleet.simulator().admin().stopServer(cluster, novaId);
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + id).json().path("novaStatus").asText(), "SHUTOFF"::equals);

        fleet.simulator().admin().deleteServer(cluster, novaId);
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + id).status() == 404);
        assertThat(unowned()).noneMatch(server -> server.get("novaServerId").asText().equals(novaId));

        List<JsonNode> history = history("/api/v1/drift/servers/" + id);
        assertThat(history).extracting(event -> event.get("type").asText())
                .containsExactly("UnownedServerFoundEvent", "UnownedServerChangedEvent", "UnownedServerGoneEvent");
        assertThat(history).allSatisfy(event -> {
            assertThat(event.get("actor").asText()).isEqualTo("sync");
            assertThat(event.get("traceId").asText()).isNotBlank();
        });
    }

    @Test
    void aServerNamedAfterNoUltronServerIsALeftoverDeletedAfterTheGrace() {
        String cluster = fleet.clusterNames().get(0);
        String novaId = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "ultron-srv-" + UUID.randomUUID())).get(0);

        JsonNode found = awaitUnowned(novaId);
        assertThat(found.get("kind").asText()).isEqualTo("LEFTOVER");
        String id = found.get("id").asText();

        await().atMost(WAIT.plus(LEFTOVER_GRACE))
                .until(() -> fleet.simulator().admin().servers(cluster).stream().noneMatch(server -> server.id().equals(novaId)));
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + id).status() == 404);
        List<JsonNode> history = history("/api/v1/drift/servers/" + id);
        assertThat(history).extracting(event -> event.get("type").asText())
                .containsExactly("UnownedServerFoundEvent", "LeftoverServerDeletionStartedEvent", "LeftoverServerDeletedEvent");
        Duration waited = Duration.between(java.time.Instant.parse(history.get(0).get("time").asText()),
                java.time.Instant.parse(history.get(1).get("time").asText()));
        assertThat(waited).as("deleted only after the grace").isGreaterThanOrEqualTo(LEFTOVER_GRACE);
        await().atMost(WAIT).until(() -> repaired("leftover-server") >= 1);
        assertThat(meters.find("ultron.sync.drift").tag("kind", "leftover-server").counters()).isNotEmpty();
    }

    @Test
    void anUnmanagedServerWithAnAddressInTheClustersSlicesIsAdoptedNamedAfterItsServerAndDeletedAsAnyOther() {
        String cluster = fleet.clusterNames().get(0);
        String novaId = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "legacy-web").onSubnet(neutronSubnet()))
                .get(0);
        JsonNode found = awaitUnowned(novaId);
        String address = found.get("addresses").get(0).asText();

        var adopted = http.post("/api/v1/drift/servers/" + found.get("id").asText() + "/adopt", Map.of("flavor", "m1.small"));

        assertThat(adopted.status()).as(adopted.body()).isEqualTo(202);
        String serverId = adopted.json().get("serverId").asText();
        assertThat(adopted.json().get("tenant").asText()).isEqualTo("acme");
        assertThat(adopted.json().get("address").asText()).isEqualTo(address);
        await().atMost(WAIT).until(() -> history("/api/v1/servers/" + serverId).stream()
                .anyMatch(event -> event.get("type").asText().equals("AdoptedServerNamedEvent")));
        JsonNode server = http.get("/api/v1/servers/" + serverId).json();
        assertThat(server.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(server.get("name").asText()).isEqualTo("legacy-web-1");
        assertThat(server.get("address").asText()).isEqualTo(address);
        assertThat(server.get("novaServerId").asText()).isEqualTo(novaId);
        assertThat(http.get("/api/v1/ips/" + address).json().path("holder").path("owner").asText()).isEqualTo(serverId);
        assertThat(fleet.simulator().admin().server(cluster, novaId).name()).isEqualTo("ultron-" + serverId);
        assertThat(fleet.simulator().admin().ports(cluster)).anySatisfy(port -> assertThat(port.name()).isEqualTo("ultron-" + serverId));
        await().atMost(WAIT).until(() -> http.get("/api/v1/drift/servers/" + found.get("id").asText()).status() == 404);
        assertThat(history("/api/v1/drift/servers/" + found.get("id").asText())).last()
                .satisfies(event -> assertThat(event.get("type").asText()).isEqualTo("UnownedServerAdoptedEvent"));

        // owned now: later syncs do not find it again, and it is deleted as any server, its address released
        awaitFullSyncs(2);
        assertThat(unowned()).noneMatch(unowned -> unowned.get("novaServerId").asText().equals(novaId));
        assertThat(http.delete("/api/v1/servers/" + serverId).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + serverId).json().path("status").asText(), "DELETED"::equals);
        assertThat(fleet.simulator().admin().servers(cluster)).noneMatch(nova -> nova.id().equals(novaId) && !"DELETED".equals(nova.status()));
        assertThat(fleet.simulator().admin().ports(cluster)).noneMatch(port -> port.name().equals("ultron-" + serverId));
        await().atMost(WAIT).until(() -> http.get("/api/v1/ips/" + address).json().path("holder").isNull()
                || http.get("/api/v1/ips/" + address).json().path("holder").isMissingNode());
    }

    @Test
    void adoptingAServerWhoseAddressUltronHandedOutIsAConflictThatStoresNothing() {
        String cluster = fleet.clusterNames().get(0);
        String neutronSubnet = neutronSubnet();
        String novaId = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "rogue").onSubnet(neutronSubnet)).get(0);
        JsonNode found = awaitUnowned(novaId);
        String taken = found.get("addresses").get(0).asText();
        // Ultron hands addresses out lowest first, without Neutron ports: allocate until it hands out the rogue's address
        List<String> handedOut = new ArrayList<>();
        while (handedOut.size() < 64 && !handedOut.contains(taken)) {
            var allocated = http.post("/api/v1/subnets/" + subnetId + "/ips", Map.of("clusterId", clusterId, "owner", "lb-vip-7"));
            assertThat(allocated.status()).as(allocated.body()).isEqualTo(201);
            handedOut.add(allocated.json().get("address").asText());
        }
        assertThat(handedOut).as("the premise: Ultron handed out the rogue server's address").contains(taken);
        // the others go back, so that Neutron and Ultron agree again on what is free for the other tests
        handedOut.stream().filter(address -> !address.equals(taken)).forEach(address -> assertThat(
                http.delete("/api/v1/subnets/" + subnetId + "/ips/" + address + "?owner=lb-vip-7").status()).isEqualTo(204));
        long adoptions = adoptionEvents();
        long servers = jdbc.queryForObject("SELECT COUNT(*) FROM server_view", Long.class);

        var refused = http.post("/api/v1/drift/servers/" + found.get("id").asText() + "/adopt", Map.of("flavor", "m1.small"));

        Networks.assertProblem(refused, 409, "address-in-use");
        assertThat(refused.json().get("detail").asText()).contains(taken).contains("lb-vip-7");
        await().atMost(WAIT).until(() -> http.get("/api/v1/ips/" + taken).json().path("holder").path("owner").asText(),
                "lb-vip-7"::equals);
        assertThat(http.get("/api/v1/drift/servers/" + found.get("id").asText()).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM server_view", Long.class)).isEqualTo(servers);
        assertThat(adoptionEvents()).as("no address claimed, no server, no adoption").isEqualTo(adoptions);
    }

    @Test
    void aServerWithoutAnAddressOfUltronsOrALeftoverIsNotAdopted() {
        String cluster = fleet.clusterNames().get(0);
        String bare = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "bare")).get(0);
        JsonNode found = awaitUnowned(bare);
        Networks.assertProblem(http.post("/api/v1/drift/servers/" + found.get("id").asText() + "/adopt",
                Map.of("flavor", "m1.small")), 409, "address-outside-cluster-slices");
        Networks.assertProblem(http.post("/api/v1/drift/servers/" + found.get("id").asText() + "/adopt",
                Map.of("flavor", "no-such-flavor")), 400, "unknown-flavor");
        Networks.assertProblem(http.post("/api/v1/drift/servers/" + found.get("id").asText() + "/adopt", Map.of()), 400,
                "invalid-field");
        Networks.assertProblem(http.post("/api/v1/drift/servers/uns-none/adopt", Map.of("flavor", "m1.small")), 404,
                "unowned-server-not-found");

        String leftover = fleet.simulator().admin().seedServers(cluster, ServerSeed.of(1, "ultron-srv-" + UUID.randomUUID())).get(0);
        Networks.assertProblem(http.post("/api/v1/drift/servers/" + awaitUnowned(leftover).get("id").asText() + "/adopt",
                Map.of("flavor", "m1.small")), 409, "not-adoptable");
    }

    @Test
    void aPortNamedAfterNoUltronServerIsALeftoverDeletedAfterTheGrace() {
        String cluster = fleet.clusterNames().get(0);
        String portId = fleet.simulator().admin().createPort(cluster, neutronSubnet(), "ultron-srv-" + UUID.randomUUID());
        assertThat(fleet.simulator().admin().ports(cluster)).anySatisfy(port -> assertThat(port.id()).isEqualTo(portId));

        await().atMost(WAIT.plus(LEFTOVER_GRACE))
                .until(() -> fleet.simulator().admin().ports(cluster).stream().noneMatch(port -> port.id().equals(portId)));
        String history = "/api/v1/drift/ports/" + LeftoverPortId.of(ClusterId.of(clusterId), portId);
        await().atMost(WAIT).until(() -> types(history).contains("LeftoverPortDeletedEvent"));
        List<JsonNode> events = history(history);
        assertThat(events).extracting(event -> event.get("type").asText())
                .containsExactly("LeftoverPortFoundEvent", "LeftoverPortDeletionStartedEvent", "LeftoverPortDeletedEvent");
        assertThat(events).allSatisfy(event -> assertThat(event.get("actor").asText()).isEqualTo("sync"));
        assertThat(Duration.between(java.time.Instant.parse(events.get(0).get("time").asText()),
                java.time.Instant.parse(events.get(1).get("time").asText()))).as("deleted only after the grace")
                .isGreaterThanOrEqualTo(LEFTOVER_GRACE);
        await().atMost(WAIT).until(() -> repaired("leftover-port") >= 1);
    }

    @Test
    void driftIsForAdminsAndOperatorsOnly() {
        var member = Callers.create(http, "svc-drift-member", List.of("member"), List.of("acme"), null);
        var operator = Callers.create(http, "svc-drift-operator", "operator");

        assertThat(member.http().get("/api/v1/drift").status()).isEqualTo(403);
        assertThat(operator.http().get("/api/v1/drift").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/drift/servers/uns-none").status()).isEqualTo(404);
    }

    private JsonNode awaitUnowned(String novaId) {
        return await().atMost(WAIT).until(() -> unowned().stream()
                .filter(server -> server.get("novaServerId").asText().equals(novaId)).findFirst().orElse(null), found -> found != null);
    }

    private List<JsonNode> unowned() {
        List<JsonNode> servers = new ArrayList<>();
        http.get("/api/v1/drift").json().get("servers").forEach(servers::add);
        return servers;
    }

    private List<JsonNode> history(String resource) {
        List<JsonNode> events = new ArrayList<>();
        http.get(resource + "/history").json().forEach(events::add);
        return events;
    }

    /** The Neutron subnet of the test's Ultron subnet in the cluster (made once, pools ready). */
    private String neutronSubnet() {
        if (subnetId == null) {
            vpcId = Networks.createVpc(http, "acme", "drift");
            subnetId = Networks.createSubnet(http, vpcId, idc);
            neutronSubnetId = Networks.awaitPoolsReady(http, subnetId, 1).get("pools").get(0).get("neutronSubnetId").asText();
        }
        return neutronSubnetId;
    }

    /** The types of the resource's events; none while it has none (404). */
    private List<String> types(String resource) {
        var answer = http.get(resource + "/history");
        List<String> types = new ArrayList<>();
        if (answer.status() == 200) {
            answer.json().forEach(event -> types.add(event.get("type").asText()));
        }
        return types;
    }

    private long adoptionEvents() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType IN (?, ?, ?)", Long.class,
                "io.ultron.api.network.IpAllocatedEvent", "io.ultron.api.compute.ServerAdoptedEvent",
                "io.ultron.api.drift.UnownedServerAdoptedEvent");
    }

    private double repaired(String kind) {
        return meters.find("ultron.sync.repaired").tag("kind", kind).counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    private void awaitFullSyncs(int count) {
        long before = fullSyncs();
        await().atMost(WAIT).until(() -> fullSyncs() >= before + count);
    }

    private long fullSyncs() {
        return meters.find("ultron.sync.duration").tag("kind", "full").tag("outcome", "ok").timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
