package io.ultron.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.sim.network.SubnetView;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster that joins an IDC after subnets were made there gets a slice in each of them, made real in its Neutron
 * by the subnet saga, and hands out addresses from it: REST, the grant handler, the Vpc aggregate, the saga, the
 * simulator.
 */
@UltronIntegrationTest
class ClusterJoiningIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(7);

    @Autowired
    EventProcessingConfiguration processing;

    @DynamicPropertySource
    static void openStack(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aClusterRegisteredLaterGetsASliceInEveryExistingSubnetOfItsIdcAndHandsOutAddressesFromIt() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        fleet.register(http, "cluster-1", idc);
        fleet.register(http, "cluster-2", idc);
        awaitActiveClusters(idc, 2);
        List<String> subnets = List.of(
                Networks.createSubnet(http, Networks.createVpc(http, "tenant-a", "web"), idc),
                Networks.createSubnet(http, Networks.createVpc(http, "tenant-b", "db"), idc));
        for (String subnet : subnets) {
            Networks.awaitPoolsReady(http, subnet, 2);
        }

        String third = fleet.register(http, "cluster-3", idc);

        for (String subnet : subnets) {
            JsonNode view = Networks.awaitPoolsReady(http, subnet, 3);
            JsonNode pool = poolOf(view, third);
            assertThat(pool.get("slices")).as("the slice the initial plan gives a third cluster").hasSize(1);
            List<SubnetView> neutron = fleet.simulator().admin().subnets("cluster-3").stream()
                    .filter(n -> n.name().equals("ultron-" + subnet)).toList();
            assertThat(neutron).as("Neutron subnet of " + subnet + " in cluster-3").hasSize(1);
            assertThat(neutron.get(0).cidr()).isEqualTo(view.get("cidr").asText());
            assertThat(neutron.get(0).allocationPools()).containsExactlyElementsOf(texts(pool.get("pools")));

            var ip = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", third, "owner", "vm-joined"));
            assertThat(ip.status()).as(ip.body()).isEqualTo(201);
            assertThat(ip.json().get("clusterId").asText()).isEqualTo(third);
            Cidr slice = Cidr.parse(view.get("cidr").asText()).subnet(25, pool.get("slices").get(0).asInt());
            assertThat(slice.contains(Ipv4.parse(ip.json().get("address").asText())))
                    .as(ip.json().get("address").asText() + " inside " + slice).isTrue();
        }
    }

    @Test
    void aClusterDrainedWhenASubnetWasMadeGetsItsSliceWhenEnabledAgain() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        fleet.register(http, "cluster-4", idc);
        String fifth = fleet.register(http, "cluster-5", idc);
        assertThat(http.post("/api/v1/clusters/" + fifth + "/drain", Map.of("reason", "maintenance")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(15)).until(() -> "DRAINING".equals(http.get("/api/v1/clusters/" + fifth).json().path("status").asText()));
        awaitActiveClusters(idc, 1);
        String subnet = Networks.createSubnet(http, Networks.createVpc(http, "tenant-c", "batch"), idc);
        assertThat(Networks.awaitPoolsReady(http, subnet, 1).get("pools").get(0).get("clusterId").asText()).isNotEqualTo(fifth);
        Networks.assertProblem(http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", fifth, "owner", "vm-early")),
                422, "cluster-not-in-subnet");

        assertThat(http.post("/api/v1/clusters/" + fifth + "/enable", null).status()).isEqualTo(204);

        JsonNode view = Networks.awaitPoolsReady(http, subnet, 2);
        assertThat(poolOf(view, fifth).get("slices")).hasSize(1);
        var ip = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", fifth, "owner", "vm-late"));
        assertThat(ip.status()).as(ip.body()).isEqualTo(201);
        assertThat(http.get("/api/v1/subnets/" + subnet + "/history").json()).extracting(e -> e.path("payload").path("reason").asText())
                .contains("cluster joined IDC " + idc);
    }

    @Test
    void aClusterRegisteredJustBeforeASubnetWhileTheClusterViewLagsGetsItsSliceThere() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        fleet.register(http, "cluster-6", idc);
        awaitActiveClusters(idc, 1);
        EventProcessor clusterView = processing.eventProcessor("cluster-view").orElseThrow();
        clusterView.shutDown();
        String seventh;
        String subnet;
        try {
            seventh = fleet.register(http, "cluster-7", idc);
            // made while the view knows only cluster-6: the subnet's first plan has no slice for cluster-7
            subnet = Networks.createSubnet(http, Networks.createVpc(http, "tenant-d", "early"), idc);
        } finally {
            clusterView.start();
        }

        JsonNode view = Networks.awaitPoolsReady(http, subnet, 2);
        assertThat(poolOf(view, seventh).get("slices")).hasSize(1);
        var ip = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", seventh, "owner", "vm-seventh"));
        assertThat(ip.status()).as(ip.body()).isEqualTo(201);
    }

    private void awaitActiveClusters(String idc, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/api/v1/clusters?idc=" + idc + "&status=ACTIVE").json().size() == count);
    }

    private static JsonNode poolOf(JsonNode subnet, String clusterId) {
        for (JsonNode pool : subnet.path("pools")) {
            if (pool.get("clusterId").asText().equals(clusterId)) {
                return pool;
            }
        }
        throw new AssertionError("no pool of " + clusterId + " in " + subnet);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
