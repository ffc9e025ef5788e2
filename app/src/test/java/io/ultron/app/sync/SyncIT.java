package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ultron.app.compute.Images;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sim.compute.ServerView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers changed behind Ultron's back in the simulator (as with Horizon or the openstack CLI): sync records what
 * it finds as events with a trace id of its own and the actor {@code sync}, the views follow, a server deleted
 * outside releases its port and address after the grace period, and a sync that finds nothing new stores nothing.
 */
@UltronIntegrationTest
class SyncIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration VANISH_GRACE = Duration.ofSeconds(8);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.propertiesWithQuickSync((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.compute.build-watch-interval", () -> "200ms");
        registry.add("ultron.sync.full-interval", () -> "3s");
        registry.add("ultron.sync.vanish-grace", () -> VANISH_GRACE.toSeconds() + "s");
        registry.add("ultron.openstack.breaker.open-duration", () -> "2s");
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
            vpc = Networks.createVpc(http, "acme", "sync");
            Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);
            fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(200, 400)));
        }
    }

    @Test
    void aServerStoppedMovedAndBrokenOutsideFollowsItsCluster() {
        String id = createActive("outside");
        String cluster = clusterOf(id);
        ServerView nova = novaServer(cluster, id);

        fleet.simulator().admin().stopServer(cluster, nova.id());
        awaitStatus(id, "STOPPED");
        String movedTo = fleet.simulator().admin().moveServer(cluster, nova.id(), null).host();
        assertThat(movedTo).isNotEqualTo(nova.host());
        await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + id).json().path("host").asText(), movedTo::equals);
        fleet.simulator().admin().breakServer(cluster, nova.id(), "disk lost on the hypervisor");
        JsonNode broken = awaitStatus(id, "ERROR");
        assertThat(broken.get("failureReason").asText()).isEqualTo("disk lost on the hypervisor");

        List<JsonNode> outside = history(id).stream()
                .filter(event -> event.get("type").asText().equals("ServerChangedOutsideEvent")).toList();
        assertThat(outside).hasSize(3).allSatisfy(event -> {
            assertThat(event.get("actor").asText()).isEqualTo("sync");
            assertThat(event.get("traceId").asText()).isNotBlank();
        });
        assertThat(outside.stream().map(event -> event.get("traceId").asText()).distinct())
                .as("each sync under a trace id of its own").hasSize(3);
        // the server can be deleted as any other, and Nova's copy goes with it
        assertThat(http.delete("/api/v1/servers/" + id).status()).isEqualTo(202);
        awaitStatus(id, "DELETED");
    }

    @Test
    void aServerDeletedOutsideIsDeletedAndReleasesItsPortAndAddressAfterTheGrace() {
        String id = createActive("vanishing");
        String cluster = clusterOf(id);
        String address = http.get("/api/v1/servers/" + id).json().get("address").asText();

        fleet.simulator().admin().deleteServer(cluster, novaServer(cluster, id).id());
        JsonNode deleted = awaitStatus(id, "DELETED");
        assertThat(deleted.get("failureReason").asText()).contains("gone from cluster");
        assertThat(addressesHeldBy(id)).as("kept during the grace").containsExactly(address);

        await().atMost(WAIT.plus(VANISH_GRACE)).until(() -> addressesHeldBy(id).isEmpty());
        assertThat(fleet.simulator().admin().ports(cluster)).noneMatch(port -> port.name().equals("ultron-" + id));
        assertThat(history(id)).extracting(event -> event.get("type").asText())
                .containsSubsequence("ServerActiveEvent", "ServerVanishedEvent", "ServerResourcesReleasedEvent");
    }

    @Test
    void syncsThatFindNothingNewStoreNothing() {
        String id = createActive("quiet");
        // the first syncs after the server became ACTIVE, then a full and an incremental one more
        awaitSyncs(2, 2);
        long events = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);

        awaitSyncs(2, 3);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class)).isEqualTo(events);
        assertThat(http.get("/api/v1/servers/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void syncsAndOpenStackCallsAreCountedPerClusterWithTheirOutcome() {
        fleet.simulator().admin().failNextCalls("cluster-2", 1_000, 503);

        await().atMost(WAIT).until(() -> count("ultron.sync.duration", "cluster-2", "failed") >= 1);
        assertThat(meters.find("ultron.openstack.calls").tag("cluster", "cluster-2").tag("service", "nova").timers())
                .as("Nova calls that failed, by their reason").anySatisfy(timer -> {
                    assertThat(timer.getId().getTag("outcome")).isIn("server_error", "circuit_open");
                    assertThat(timer.count()).isPositive();
                });
        long okBefore = count("ultron.sync.duration", "cluster-2", "ok");
        // healed: the breaker the failures opened lets calls through again after its open-duration
        fleet.simulator().admin().failNextCalls("cluster-2", 0, 503);
        await().atMost(WAIT).until(() -> count("ultron.sync.duration", "cluster-2", "ok") > okBefore);
        assertThat(count("ultron.openstack.calls", "cluster-2", "ok")).isPositive();
        assertThat(meters.find("ultron.sync.lag").tag("cluster", "cluster-2").gauge().value()).isBetween(0.0, 30.0);
    }

    private long count(String timer, String cluster, String outcome) {
        return meters.find(timer).tag("cluster", cluster).tag("outcome", outcome).timers().stream().mapToLong(Timer::count).sum();
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
        awaitStatus(id, "ACTIVE");
        return id;
    }

    private JsonNode awaitStatus(String serverId, String status) {
        return await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + serverId).json(),
                server -> server.path("status").asText().equals(status));
    }

    private String clusterOf(String serverId) {
        return clusterNames.get(http.get("/api/v1/servers/" + serverId).json().get("clusterId").asText());
    }

    private List<JsonNode> history(String serverId) {
        List<JsonNode> events = new ArrayList<>();
        http.get("/api/v1/servers/" + serverId + "/history").json().forEach(events::add);
        return events;
    }

    private List<String> addressesHeldBy(String serverId) {
        return jdbc.queryForList("SELECT address FROM ip_allocation_view WHERE vpc_id = ? AND owner = ?", String.class,
                vpc, serverId);
    }

    private static ServerView novaServer(String cluster, String serverId) {
        return fleet.simulator().admin().servers(cluster).stream()
                .filter(server -> server.name().equals("ultron-" + serverId)).findFirst().orElseThrow();
    }
}
