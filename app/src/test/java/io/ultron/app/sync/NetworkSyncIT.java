package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ultron.app.compute.Images;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sim.Credentials;
import io.ultron.sim.network.AllocationPool;
import io.ultron.sim.network.PortView;
import io.ultron.sim.network.SubnetView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Neutron changed behind Ultron's back in the simulator: a server's port deleted, a subnet Ultron made deleted, its
 * allocation pools changed. Sync records each as an event with a trace id of its own and the actor {@code sync}, in
 * the resource's history, and the sagas repair it: the port comes back with the server's own address and plugged
 * into its server, the subnet with the IPAM's pools. A sync that finds nothing new stores nothing.
 */
@UltronIntegrationTest
class NetworkSyncIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.propertiesWithQuickSync((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.compute.build-watch-interval", () -> "200ms");
        registry.add("ultron.sync.full-interval", () -> "3s");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Autowired
    MeterRegistry meters;

    static Map<String, String> clusterNames = new HashMap<>();
    static String idc;
    static String vpc;

    @BeforeEach
    void setUp() {
        if (vpc == null) {
            idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
            fleet.registerAllAndAwait(http, idc).forEach((name, id) -> clusterNames.put(id, name));
            vpc = Networks.createVpc(http, "acme", "network-sync");
            Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);
            fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(200, 400)));
        }
    }

    @Test
    void aPortDeletedOutsideComesBackWithTheServersAddressPluggedIntoItsServer() {
        String id = createActive("unplugged");
        JsonNode server = http.get("/api/v1/servers/" + id).json();
        String cluster = clusterNames.get(server.get("clusterId").asText());
        String address = server.get("address").asText();
        String novaId = server.get("novaServerId").asText();
        String oldPort = portOf(cluster, id).orElseThrow().id();

        fleet.simulator().admin().deletePort(cluster, oldPort);

        PortView port = await().atMost(WAIT).until(() -> portOf(cluster, id),
                found -> found.isPresent() && !found.get().id().equals(oldPort) && novaId.equals(found.get().deviceId()))
                .orElseThrow();
        assertThat(port.fixedIps()).containsExactly(address);
        assertThat(fleet.simulator().admin().server(cluster, novaId).portIds()).containsExactly(port.id());
        JsonNode repaired = await().atMost(WAIT).until(() -> event(history("/api/v1/servers/" + id), "ServerPortRepairedEvent"),
                Optional::isPresent).orElseThrow();
        JsonNode drifted = event(history("/api/v1/servers/" + id), "ServerPortDriftedEvent").orElseThrow();
        assertThat(drifted.path("payload").path("drift").asText()).isEqualTo("MISSING");
        assertThat(drifted.path("payload").path("address").asText()).isEqualTo(address);
        assertThat(repaired.path("payload").path("portId").asText()).isEqualTo(port.id());
        assertThat(List.of(drifted, repaired)).allSatisfy(event -> {
            assertThat(event.get("actor").asText()).isEqualTo("sync");
            assertThat(event.get("traceId").asText()).isEqualTo(drifted.get("traceId").asText());
        });
        assertThat(drift(cluster, "port-missing")).isPositive();
        await().atMost(WAIT).until(() -> repaired(cluster, "port") >= 1);
        assertThat(http.get("/api/v1/servers/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aPortUnboundOutsideIsPluggedBackIntoItsServer() throws Exception {
        String id = createActive("unbound");
        JsonNode server = http.get("/api/v1/servers/" + id).json();
        String cluster = clusterNames.get(server.get("clusterId").asText());
        String novaId = server.get("novaServerId").asText();
        String portId = portOf(cluster, id).orElseThrow().id();

        unbind(cluster, portId);

        await().atMost(WAIT).until(() -> portOf(cluster, id).orElseThrow().deviceId(), novaId::equals);
        assertThat(portOf(cluster, id).orElseThrow().id()).as("the port holds the address still: kept").isEqualTo(portId);
        JsonNode repaired = await().atMost(WAIT).until(() -> event(history("/api/v1/servers/" + id), "ServerPortRepairedEvent"),
                Optional::isPresent).orElseThrow();
        JsonNode drifted = event(history("/api/v1/servers/" + id), "ServerPortDriftedEvent").orElseThrow();
        assertThat(drifted.path("payload").path("drift").asText()).isEqualTo("CHANGED");
        assertThat(drifted.path("payload").path("detail").asText()).contains("not Nova server " + novaId);
        assertThat(repaired.path("payload").path("portId").asText()).isEqualTo(portId);
        assertThat(drifted.get("actor").asText()).isEqualTo("sync");
        assertThat(drift(cluster, "port-changed")).isPositive();
    }

    /** Someone clears the port's binding through Neutron's own API (as a detach would leave it). */
    private static void unbind(String cluster, String portId) throws Exception {
        Credentials credentials = fleet.simulator().credentials(cluster);
        HttpClient client = HttpClient.newHttpClient();
        String auth = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s", "password": "%s",
                 "domain": {"name": "%s"}}}}, "scope": {"project": {"name": "%s", "domain": {"name": "%s"}}}}}"""
                .formatted(credentials.username(), credentials.password(), credentials.userDomain(),
                        credentials.projectName(), credentials.projectDomain());
        String token = client.send(HttpRequest.newBuilder(URI.create(credentials.keystoneUrl() + "/auth/tokens"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(auth)).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-Subject-Token").orElseThrow();
        HttpResponse<String> updated = client.send(HttpRequest.newBuilder(URI.create(fleet.simulator().baseUrl() + "/" + cluster
                                + "/network/v2.0/ports/" + portId))
                        .header("Content-Type", "application/json").header("X-Auth-Token", token)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"port\": {\"device_id\": \"\", \"device_owner\": \"\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    }

    @Test
    void aSubnetDeletedOutsideComesBackWithTheIpamsPools() {
        String subnet = unusedSubnet("deleted-outside");
        JsonNode pool = poolOf(subnet, "cluster-1");
        List<String> pools = texts(pool.get("pools"));
        String oldNeutronId = pool.get("neutronSubnetId").asText();

        fleet.simulator().admin().deleteSubnet("cluster-1", oldNeutronId);

        SubnetView back = await().atMost(WAIT).until(() -> neutronSubnet("cluster-1", subnet),
                found -> found.isPresent() && !found.get().id().equals(oldNeutronId)).orElseThrow();
        assertThat(back.allocationPools()).containsExactlyElementsOf(pools);
        awaitRepaired(subnet, 1);
        JsonNode drifted = events(history("/api/v1/subnets/" + subnet), "NeutronSubnetDriftedEvent").get(0);
        assertThat(drifted.path("payload").path("missing").asBoolean()).isTrue();
        assertThat(texts(drifted.path("payload").path("expectedPools"))).isEqualTo(pools);
        await().atMost(WAIT).until(() -> poolOf(subnet, "cluster-1").get("neutronSubnetId").asText(), back.id()::equals);
        assertThat(drift("cluster-1", "subnet-missing")).isPositive();
    }

    @Test
    void poolsChangedOutsideArePutBackToTheClustersSlices() {
        String subnet = unusedSubnet("repooled-outside");
        JsonNode pool = poolOf(subnet, "cluster-2");
        List<String> pools = texts(pool.get("pools"));
        String neutronId = pool.get("neutronSubnetId").asText();
        String first = pools.get(0).split("-")[0];

        fleet.simulator().admin().replaceAllocationPools("cluster-2", neutronId, List.of(new AllocationPool(first, first)));

        awaitRepaired(subnet, 1);
        assertThat(neutronSubnet("cluster-2", subnet).orElseThrow().allocationPools()).containsExactlyElementsOf(pools);
        JsonNode drifted = events(history("/api/v1/subnets/" + subnet), "NeutronSubnetDriftedEvent").get(0);
        assertThat(drifted.path("payload").path("missing").asBoolean()).isFalse();
        assertThat(texts(drifted.path("payload").path("observedPools"))).containsExactly(first + "-" + first);
        assertThat(drift("cluster-2", "pools-changed")).isPositive();
    }

    @Test
    void syncsThatFindNothingNewStoreNothing() {
        String id = createActive("quiet");
        unusedSubnet("quiet");
        // the first syncs after the server and the subnet were made, then a full and an incremental one more
        awaitSyncs(2, 2);
        long events = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);

        awaitSyncs(2, 3);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class)).isEqualTo(events);
        assertThat(events(history("/api/v1/servers/" + id), "ServerPortDriftedEvent")).isEmpty();
    }

    /** A subnet of a VPC of its own, so that no server's port holds an address of it (Neutron refuses to delete it then). */
    private String unusedSubnet(String name) {
        String ownVpc = Networks.createVpc(http, "acme", name);
        String subnet = Networks.createSubnet(http, ownVpc, idc);
        Networks.awaitPoolsReady(http, subnet, 2);
        return subnet;
    }

    private double repaired(String cluster, String kind) {
        return meters.find("ultron.sync.repaired").tag("cluster", cluster).tag("kind", kind).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    /** Both the drift and its repair in the subnet's history, under the sync's trace id and actor. */
    private void awaitRepaired(String subnet, int times) {
        List<JsonNode> repaired = await().atMost(WAIT).until(
                () -> events(history("/api/v1/subnets/" + subnet), "NeutronSubnetRepairedEvent"), found -> found.size() >= times);
        List<JsonNode> drifted = events(history("/api/v1/subnets/" + subnet), "NeutronSubnetDriftedEvent");
        assertThat(drifted).hasSize(times);
        assertThat(repaired).hasSize(times);
        await().atMost(WAIT).until(() -> meters.find("ultron.sync.repaired").tag("kind", "subnet").counters().stream()
                .mapToDouble(counter -> counter.count()).sum() >= times);
        assertThat(List.of(drifted.get(0), repaired.get(0))).allSatisfy(event -> {
            assertThat(event.get("actor").asText()).isEqualTo("sync");
            assertThat(event.get("traceId").asText()).isEqualTo(drifted.get(0).get("traceId").asText());
        });
    }

    private JsonNode poolOf(String subnet, String clusterName) {
        for (JsonNode pool : http.get("/api/v1/subnets/" + subnet).json().get("pools")) {
            if (clusterName.equals(clusterNames.get(pool.get("clusterId").asText()))) {
                return pool;
            }
        }
        throw new AssertionError("no pool of " + clusterName + " in subnet " + subnet);
    }

    private static Optional<SubnetView> neutronSubnet(String cluster, String subnet) {
        return fleet.simulator().admin().subnets(cluster).stream()
                .filter(view -> view.name().equals("ultron-" + subnet)).findFirst();
    }

    private static Optional<PortView> portOf(String cluster, String serverId) {
        return fleet.simulator().admin().ports(cluster).stream()
                .filter(port -> port.name().equals("ultron-" + serverId)).findFirst();
    }

    private double drift(String cluster, String kind) {
        return meters.find("ultron.sync.drift").tag("cluster", cluster).tag("kind", kind).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Waits until at least {@code full} more full syncs and {@code incremental} more incremental ones have succeeded. */
    private void awaitSyncs(int full, int incremental) {
        long fullBefore = syncs("full");
        long incrementalBefore = syncs("incremental");
        await().atMost(WAIT).until(() -> syncs("full") >= fullBefore + full
                && syncs("incremental") >= incrementalBefore + incremental);
    }

    private long syncs(String kind) {
        return meters.find("ultron.sync.duration").tag("kind", kind).tag("outcome", "ok").timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private String createActive(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", "acme");
        body.put("name", name);
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", "m1.small");
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "LOCAL");
        body.put("diskGb", 10);
        var created = http.post("/api/v1/servers", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().get("serverId").asText();
        await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + id).json().path("status").asText(), "ACTIVE"::equals);
        return id;
    }

    private List<JsonNode> history(String path) {
        List<JsonNode> events = new ArrayList<>();
        http.get(path + "/history").json().forEach(events::add);
        return events;
    }

    private static List<JsonNode> events(List<JsonNode> history, String type) {
        return history.stream().filter(event -> event.get("type").asText().equals(type)).toList();
    }

    private static Optional<JsonNode> event(List<JsonNode> history, String type) {
        return events(history, type).stream().findFirst();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
