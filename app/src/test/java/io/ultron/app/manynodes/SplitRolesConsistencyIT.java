package io.ultron.app.manynodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recommended deployment in one test: two api nodes and one conductor on one database and one Redis, requests
 * alternating between the api nodes. Every command decides on the aggregate's latest events whichever node handles
 * it, and a client that got a 2xx from one node sees its write on the other.
 */
class SplitRolesConsistencyIT {

    static SimulatedFleet fleet;
    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext apiA;
    static ConfigurableApplicationContext apiB;
    static ConfigurableApplicationContext conductor;
    static Http a;
    static Http b;
    static Map<String, String> clusters;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(2);
        infra = FreshDatabase.create();
        conductor = start("conductor", "conductor-1");
        apiA = start("api", "api-a");
        apiB = start("api", "api-b");
        a = Nodes.http(apiA);
        b = Nodes.http(apiB);
        clusters = fleet.registerAllAndAwait(a, "idc-many");
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, conductor, apiA, apiB);
        fleet.close();
    }

    private static ConfigurableApplicationContext start(String roles, String nodeId) {
        List<String> args = new ArrayList<>(List.of(fleet.asArgs()));
        args.add("--ultron.roles=" + roles);
        args.add("--ultron.node-id=" + nodeId);
        return Nodes.start(infra, args.toArray(String[]::new));
    }

    @Test
    void eachNodeDecidesOnTheLatestStateWhateverTheOtherNodeDidBefore() {
        String vpc = Networks.createVpc(a, "tenant-many", "stale-copies");
        String subnet = Networks.createSubnet(b, vpc, "idc-many");
        Networks.awaitPoolsReady(a, subnet, clusters.size());
        String cluster = clusters.get("cluster-1");

        for (int i = 0; i < 6; i++) {
            // a has the VPC in memory from its own allocation, then b changes it
            var mine = a.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-a-" + i));
            assertThat(mine.status()).as(mine.body()).isEqualTo(201);
            var theirs = b.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-b-" + i));
            assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
            String address = theirs.json().get("address").asText();

            var released = a.delete("/api/v1/subnets/" + subnet + "/ips/" + address + "?owner=vm-b-" + i);
            assertThat(released.status()).as("a releases what b just handed out: " + released.body()).isEqualTo(204);
            var again = b.delete("/api/v1/subnets/" + subnet + "/ips/" + address + "?owner=vm-b-" + i);
            assertThat(again.status()).as("b knows a released it: " + again.body()).isEqualTo(409);
        }
    }

    @Test
    void anApiNodeAllocatesAsSoonAsTheConductorHasMadeTheSlicesReal() {
        String vpc = Networks.createVpc(a, "tenant-many", "pending-then-ready");
        String subnet = Networks.createSubnet(a, vpc, "idc-many");
        String cluster = clusters.get("cluster-2");
        // a learns the subnet while its pools may still be pending; the conductor then records them as provisioned
        var early = a.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-early"));
        assertThat(early.status()).as(early.body()).isIn(201, 503);
        Networks.awaitPoolsReady(b, subnet, clusters.size());

        var allocated = a.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-ready"));
        assertThat(allocated.status()).as("pools are READY: " + allocated.body()).isEqualTo(201);
    }

    @Test
    void aClientSeesItsWriteOnTheOtherNode() {
        String vpc = Networks.createVpc(a, "tenant-many", "read-your-writes");
        assertThat(b.get("/api/v1/vpcs/" + vpc).status()).as("created on a, read at once on b").isEqualTo(200);
        var created = b.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", "idc-many"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String subnet = created.json().get("id").asText();
        assertThat(a.get("/api/v1/subnets/" + subnet).status()).as("accepted on b, read at once on a").isEqualTo(200);
        Networks.awaitPoolsReady(a, subnet, clusters.size());

        for (int i = 0; i < 5; i++) {
            var allocated = a.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", clusters.get("cluster-1"), "owner", "vm-ryw-" + i));
            assertThat(allocated.status()).as(allocated.body()).isEqualTo(201);
            String address = allocated.json().get("address").asText();
            // the address was released the round before: only the position tells b to wait for the new holder
            JsonNode held = b.get("/api/v1/ips/" + address, "Ultron-Position", allocated.header("Ultron-Position")).json();
            assertThat(held.get("holder").get("owner").asText()).as(held.toString()).isEqualTo("vm-ryw-" + i);

            var released = b.delete("/api/v1/subnets/" + subnet + "/ips/" + address + "?owner=vm-ryw-" + i);
            assertThat(released.status()).isEqualTo(204);
            String position = released.header("Ultron-Position");
            assertThat(position).as("a write names its position").matches("[0-9]+");
            JsonNode after = a.get("/api/v1/ips/" + address, "Ultron-Position", position).json();
            assertThat(after.has("holder")).as("the release is seen on a with the position: " + after).isFalse();
        }
    }

    @Test
    void aPositionThatIsNotOneIsRefused() {
        Networks.assertProblem(a.get("/api/v1/vpcs", "Ultron-Position", "soon"), 400, "invalid-position");
    }
}
