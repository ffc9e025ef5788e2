package io.ultron.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.sim.admin.ServerSeed;
import io.ultron.sim.compute.ServerView;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API changes a cluster behind its client's back (stop, break, move, delete, pools, a seeded fleet), and
 * the client sees it through Nova and Neutron as it would see an operator's or another tool's change.
 */
class ChangesBehindTheClientsBackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenStackSimulator sim;
    private String token;
    private String nova;
    private String neutron;
    private String admin;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(1)
                .defaults(s -> s.bootTime(100, 200).hosts(3))
                .build());
        token = Clients.token(sim, "cluster-1");
        nova = sim.baseUrl() + "/cluster-1/compute/v2.1";
        neutron = sim.baseUrl() + "/cluster-1/network/v2.0";
        admin = sim.baseUrl() + "/admin/clusters/cluster-1";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A network with one subnet; returns {networkId, subnetId}. */
    private String[] network(String cidr, String poolStart, String poolEnd) {
        String networkId = json(Clients.post(neutron + "/networks", token, "{\"network\": {\"name\": \"net\"}}"))
                .path("network").path("id").asText();
        String subnetId = json(Clients.post(neutron + "/subnets", token, """
                {"subnet": {"network_id": "%s", "ip_version": 4, "cidr": "%s",
                 "allocation_pools": [{"start": "%s", "end": "%s"}]}}""".formatted(networkId, cidr, poolStart, poolEnd)))
                .path("subnet").path("id").asText();
        return new String[] {networkId, subnetId};
    }

    /** Seeds over HTTP and answers the seeded servers' ids, oldest first. */
    private List<String> seed(int count, String prefix, String subnetId) {
        String subnet = subnetId == null ? "" : ", \"subnetId\": \"%s\"".formatted(subnetId);
        HttpResponse<String> response = Clients.post(admin + "/servers/seed",
                "{\"count\": %d, \"prefix\": \"%s\"%s}".formatted(count, prefix, subnet));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("created").asInt()).isEqualTo(count);
        List<String> ids = new ArrayList<>();
        json(Clients.get(admin + "/servers", token)).forEach(server -> {
            if (server.path("name").asText().startsWith(prefix + "-")) {
                ids.add(server.path("id").asText());
            }
        });
        return ids;
    }

    private JsonNode server(String id) {
        return json(Clients.get(nova + "/servers/" + id, token)).path("server");
    }

    private JsonNode changesSince(Instant since) {
        return json(Clients.get(nova + "/servers/detail?changes-since=" + since, token)).path("servers");
    }

    private static List<String> ids(JsonNode servers) {
        List<String> ids = new ArrayList<>();
        servers.forEach(server -> ids.add(server.path("id").asText()));
        return ids;
    }

    @Test
    void adminStopTurnsAServerShutoffAndChangesSinceListsIt() {
        List<String> ids = seed(3, "stop", null);
        Instant since = Instant.now();

        HttpResponse<String> stopped = Clients.post(admin + "/servers/" + ids.get(1) + "/stop", "");

        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(json(stopped).path("status").asText()).isEqualTo("SHUTOFF");
        assertThat(server(ids.get(1)).path("status").asText()).isEqualTo("SHUTOFF");
        assertThat(server(ids.get(1)).path("OS-EXT-STS:vm_state").asText()).isEqualTo("stopped");
        JsonNode changed = changesSince(since);
        assertThat(ids(changed)).containsExactly(ids.get(1));
        assertThat(Instant.parse(changed.get(0).path("updated").asText())).isAfterOrEqualTo(since.minusSeconds(1));
    }

    @Test
    void adminBreakPutsAServerInErrorWithTheFaultGivenOrADefaultOne() {
        List<String> ids = seed(2, "break", null);
        Instant since = Instant.now();

        HttpResponse<String> broken = Clients.post(admin + "/servers/" + ids.get(0) + "/break",
                "{\"fault\": \"hypervisor compute-002 lost power\"}");
        Clients.post(admin + "/servers/" + ids.get(1) + "/break", "");

        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(json(broken).path("faultMessage").asText()).isEqualTo("hypervisor compute-002 lost power");
        JsonNode first = server(ids.get(0));
        assertThat(first.path("status").asText()).isEqualTo("ERROR");
        assertThat(first.path("OS-EXT-STS:vm_state").asText()).isEqualTo("error");
        assertThat(first.path("fault").path("message").asText()).isEqualTo("hypervisor compute-002 lost power");
        assertThat(server(ids.get(1)).path("fault").path("message").asText()).isEqualTo("broken by the simulator");
        assertThat(ids(changesSince(since))).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void adminMoveTakesAServerToAnotherHostAndItsPortsAndChangesSinceFollow() {
        String subnetId = network("11.2.0.0/24", "11.2.0.10", "11.2.0.200")[1];
        String id = seed(1, "move", subnetId).get(0);
        String before = server(id).path("OS-EXT-SRV-ATTR:host").asText();
        String target = before.equals("compute-003") ? "compute-001" : "compute-003";
        Instant since = Instant.now();

        HttpResponse<String> moved = Clients.post(admin + "/servers/" + id + "/move", "{\"host\": \"" + target + "\"}");

        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(json(moved).path("host").asText()).isEqualTo(target);
        JsonNode server = server(id);
        assertThat(server.path("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(target);
        assertThat(server.path("OS-EXT-SRV-ATTR:hypervisor_hostname").asText()).isEqualTo(target);
        assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(ids(changesSince(since))).containsExactly(id);
        String portId = sim.admin().server("cluster-1", id).portIds().get(0);
        assertThat(json(Clients.get(neutron + "/ports/" + portId, token)).path("port").path("binding:host_id").asText())
                .isEqualTo(target);
        JsonNode hypervisors = json(Clients.get(nova + "/os-hypervisors/detail", token)).path("hypervisors");
        hypervisors.forEach(hypervisor -> assertThat(hypervisor.path("running_vms").asInt()).as(hypervisor.toString())
                .isEqualTo(hypervisor.path("hypervisor_hostname").asText().equals(target) ? 1 : 0));

        HttpResponse<String> onwards = Clients.post(admin + "/servers/" + id + "/move", "");

        assertThat(onwards.statusCode()).isEqualTo(200);
        assertThat(server(id).path("OS-EXT-SRV-ATTR:host").asText()).isNotEqualTo(target).startsWith("compute-");
        assertThat(Clients.post(admin + "/servers/" + id + "/move", "{\"host\": \"compute-999\"}").statusCode())
                .isEqualTo(400);
        Clients.delete(neutron + "/ports/" + portId, token);
        assertThat(Clients.post(admin + "/servers/" + id + "/move", "").statusCode())
                .as("a port the client deleted is not rebound").isEqualTo(200);
    }

    @Test
    void adminDeleteLeavesATombstoneThatOnlyChangesSinceShows() {
        List<String> ids = seed(3, "gone", null);
        Instant since = Instant.now();

        HttpResponse<String> deleted = Clients.delete(admin + "/servers/" + ids.get(1));

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(Clients.get(nova + "/servers/" + ids.get(1), token).statusCode()).isEqualTo(404);
        assertThat(ids(json(Clients.get(nova + "/servers/detail", token)).path("servers")))
                .containsExactly(ids.get(2), ids.get(0));
        assertThat(ids(json(Clients.get(nova + "/servers", token)).path("servers"))).doesNotContain(ids.get(1));
        JsonNode changed = changesSince(since);
        assertThat(ids(changed)).containsExactly(ids.get(1));
        assertThat(changed.get(0).path("status").asText()).isEqualTo("DELETED");
        assertThat(changed.get(0).path("OS-EXT-STS:vm_state").asText()).isEqualTo("deleted");
        assertThat(changed.get(0).path("name").asText()).isEqualTo("gone-2");
        assertThat(changed.get(0).path("OS-SRV-USG:terminated_at").asText()).isNotBlank();
        assertThat(ids(json(Clients.get(nova + "/servers?changes-since=" + since, token)).path("servers")))
                .containsExactly(ids.get(1));
        assertThat(sim.admin().servers("cluster-1")).extracting(ServerView::id).doesNotContain(ids.get(1));
        assertThat(Clients.delete(admin + "/servers/" + ids.get(1)).statusCode()).isEqualTo(404);
    }

    @Test
    void novasOwnDeleteAlsoLeavesATombstoneAndPagingCrossesIt() {
        List<String> ids = seed(5, "page", null);
        assertThat(Clients.delete(nova + "/servers/" + ids.get(2), token).statusCode()).isEqualTo(204);
        String everything = nova + "/servers/detail?changes-since=2020-01-01T00:00:00Z";

        JsonNode first = json(Clients.get(everything + "&limit=3", token)).path("servers");
        JsonNode rest = json(Clients.get(everything + "&limit=3&marker=" + ids.get(2), token)).path("servers");
        JsonNode liveAfterTombstone = json(Clients.get(nova + "/servers/detail?marker=" + ids.get(2), token))
                .path("servers");

        assertThat(ids(first)).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(first.get(2).path("status").asText()).isEqualTo("DELETED");
        assertThat(ids(rest)).containsExactly(ids.get(1), ids.get(0));
        assertThat(ids(liveAfterTombstone)).containsExactly(ids.get(1), ids.get(0));
    }

    @Test
    void adminDeleteDeletesThePortsNovaMadeAndUnbindsThePortsItWasGiven() {
        String[] net = network("11.3.0.0/24", "11.3.0.10", "11.3.0.200");
        String given = json(Clients.post(neutron + "/ports", token,
                "{\"port\": {\"network_id\": \"%s\"}}".formatted(net[0]))).path("port").path("id").asText();
        String image = json(Clients.get(sim.baseUrl() + "/cluster-1/image/v2/images", token))
                .path("images").get(0).path("id").asText();
        String booted = json(Clients.post(nova + "/servers", token, """
                {"server": {"name": "on-ports", "flavorRef": "1", "imageRef": "%s",
                 "networks": [{"port": "%s"}, {"uuid": "%s"}]}}""".formatted(image, given, net[0])))
                .path("server").path("id").asText();
        assertThat(sim.admin().ports("cluster-1")).hasSize(2);

        assertThat(Clients.delete(admin + "/servers/" + booted).statusCode()).isEqualTo(204);

        assertThat(sim.admin().ports("cluster-1")).singleElement().satisfies(port -> {
            assertThat(port.id()).isEqualTo(given);
            assertThat(port.deviceId()).isEmpty();
        });
        assertThat(json(Clients.get(neutron + "/ports/" + given, token)).path("port").path("device_id").asText()).isEmpty();
    }

    @Test
    void adminDeletePortRemovesItFromNeutronAndFromTheServer() {
        String subnetId = network("11.4.0.0/24", "11.4.0.10", "11.4.0.200")[1];
        String id = seed(1, "unplugged", subnetId).get(0);
        String portId = sim.admin().server("cluster-1", id).portIds().get(0);
        assertThat(server(id).path("addresses").path("net")).hasSize(1);

        HttpResponse<String> deleted = Clients.delete(admin + "/ports/" + portId);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(Clients.get(neutron + "/ports/" + portId, token).statusCode()).isEqualTo(404);
        assertThat(server(id).path("addresses").size()).isZero();
        assertThat(sim.admin().server("cluster-1", id).portIds()).isEmpty();
        assertThat(sim.admin().subnets("cluster-1").get(0).allocatedIps()).isEmpty();
        assertThat(Clients.delete(admin + "/ports/" + portId).statusCode()).isEqualTo(404);
    }

    @Test
    void aPortDeletedOutsideCanBeMadeAgainWithItsAddressAndPluggedBackThroughOsInterface() {
        String[] net = network("11.6.0.0/24", "11.6.0.10", "11.6.0.200");
        String id = seed(1, "replugged", net[1]).get(0);
        String oldPort = sim.admin().server("cluster-1", id).portIds().get(0);
        String address = sim.admin().ports("cluster-1").get(0).fixedIps().get(0);
        assertThat(Clients.delete(admin + "/ports/" + oldPort).statusCode()).isEqualTo(204);
        String port = json(Clients.post(neutron + "/ports", token, """
                {"port": {"name": "again", "network_id": "%s", "fixed_ips": [{"subnet_id": "%s", "ip_address": "%s"}]}}"""
                .formatted(net[0], net[1], address))).path("port").path("id").asText();

        HttpResponse<String> attached = Clients.post(nova + "/servers/" + id + "/os-interface", token,
                "{\"interfaceAttachment\": {\"port_id\": \"%s\"}}".formatted(port));

        assertThat(attached.statusCode()).as(attached.body()).isEqualTo(200);
        JsonNode attachment = json(attached).path("interfaceAttachment");
        assertThat(attachment.path("port_id").asText()).isEqualTo(port);
        assertThat(attachment.path("net_id").asText()).isEqualTo(net[0]);
        assertThat(attachment.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo(address);
        JsonNode listed = json(Clients.get(nova + "/servers/" + id + "/os-interface", token)).path("interfaceAttachments");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("port_id").asText()).isEqualTo(port);
        JsonNode neutronPort = json(Clients.get(neutron + "/ports/" + port, token)).path("port");
        assertThat(neutronPort.path("device_id").asText()).isEqualTo(id);
        assertThat(neutronPort.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(server(id).path("addresses").path("net").get(0).path("addr").asText()).isEqualTo(address);
        // a port in use, a port that does not exist, no port at all
        assertThat(Clients.post(nova + "/servers/" + id + "/os-interface", token,
                "{\"interfaceAttachment\": {\"port_id\": \"%s\"}}".formatted(port)).statusCode()).isEqualTo(409);
        assertThat(Clients.post(nova + "/servers/" + id + "/os-interface", token,
                "{\"interfaceAttachment\": {\"port_id\": \"no-such-port\"}}").statusCode()).isEqualTo(404);
        assertThat(Clients.post(nova + "/servers/" + id + "/os-interface", token,
                "{\"interfaceAttachment\": {}}").statusCode()).isEqualTo(400);
        // unbound through Neutron, the port is no interface of the server any more, and can be plugged in again
        Clients.put(neutron + "/ports/" + port, token, "{\"port\": {\"device_id\": \"\", \"device_owner\": \"\"}}");
        assertThat(json(Clients.get(nova + "/servers/" + id + "/os-interface", token)).path("interfaceAttachments")).isEmpty();
        assertThat(Clients.post(nova + "/servers/" + id + "/os-interface", token,
                "{\"interfaceAttachment\": {\"port_id\": \"%s\"}}".formatted(port)).statusCode()).isEqualTo(200);
        assertThat(sim.admin().server("cluster-1", id).portIds()).containsExactly(port);
    }

    @Test
    void adminDeleteSubnetDeletesAnUnusedSubnetAndRefusesOneWhosePortsHoldAddresses() {
        String[] unused = network("11.7.0.0/24", "11.7.0.10", "11.7.0.200");
        String[] used = network("11.8.0.0/24", "11.8.0.10", "11.8.0.200");
        seed(1, "holder", used[1]);

        assertThat(Clients.delete(admin + "/subnets/" + unused[1]).statusCode()).isEqualTo(204);
        assertThat(Clients.delete(admin + "/subnets/" + used[1]).statusCode()).isEqualTo(409);

        assertThat(Clients.get(neutron + "/subnets/" + unused[1], token).statusCode()).isEqualTo(404);
        assertThat(Clients.get(neutron + "/networks/" + unused[0], token).statusCode()).isEqualTo(200);
        assertThat(sim.admin().subnets("cluster-1")).extracting(subnet -> subnet.id()).containsExactly(used[1]);
        assertThat(Clients.delete(admin + "/subnets/" + unused[1]).statusCode()).isEqualTo(404);
    }

    @Test
    void adminPatchChangesTheAllocationPoolsNeutronShowsAndRefusesPoolsOutsideTheCidr() {
        String subnetId = network("11.5.0.0/24", "11.5.0.10", "11.5.0.20")[1];

        HttpResponse<String> patched = Clients.patch(admin + "/subnets/" + subnetId,
                "{\"allocation_pools\": [{\"start\": \"11.5.0.100\", \"end\": \"11.5.0.150\"},"
                        + " {\"start\": \"11.5.0.200\", \"end\": \"11.5.0.210\"}]}");
        HttpResponse<String> outside = Clients.patch(admin + "/subnets/" + subnetId,
                "{\"allocation_pools\": [{\"start\": \"11.5.0.100\", \"end\": \"11.5.1.10\"}]}");
        HttpResponse<String> notAnAddress = Clients.patch(admin + "/subnets/" + subnetId,
                "{\"allocation_pools\": [{\"start\": \"eleven\", \"end\": \"11.5.0.10\"}]}");
        HttpResponse<String> noPools = Clients.patch(admin + "/subnets/" + subnetId, "{\"name\": \"x\"}");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).path("allocationPools").toString())
                .isEqualTo("[\"11.5.0.100-11.5.0.150\",\"11.5.0.200-11.5.0.210\"]");
        JsonNode pools = json(Clients.get(neutron + "/subnets/" + subnetId, token)).path("subnet").path("allocation_pools");
        assertThat(pools).hasSize(2);
        assertThat(pools.get(0).path("start").asText()).isEqualTo("11.5.0.100");
        assertThat(pools.get(1).path("end").asText()).isEqualTo("11.5.0.210");
        for (HttpResponse<String> refused : List.of(outside, notAnAddress, noPools)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(json(refused).path("error").asText()).isNotBlank();
        }
        assertThat(json(outside).path("error").asText()).contains("spans beyond the subnet cidr");
        assertThat(sim.admin().subnets("cluster-1").get(0).allocationPools())
                .containsExactly("11.5.0.100-11.5.0.150", "11.5.0.200-11.5.0.210");
    }

    @Test
    void seedsSevenHundredFiftyActiveServersWithPortsThatPageThroughNova() {
        sim.admin().configure("cluster-1", s -> s.hosts(20));
        String subnetId = network("11.6.0.0/22", "11.6.0.10", "11.6.3.250")[1];

        List<String> seeded = seed(750, "fleet", subnetId);

        Set<String> seen = new HashSet<>();
        int pages = 0;
        String next = nova + "/servers/detail?limit=200";
        while (next != null) {
            JsonNode page = json(Clients.get(next, token));
            page.path("servers").forEach(server -> {
                assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
                assertThat(server.path("OS-EXT-SRV-ATTR:host").asText()).startsWith("compute-");
                assertThat(server.path("addresses").path("net").get(0).path("addr").asText()).startsWith("11.6.");
                seen.add(server.path("id").asText());
            });
            pages++;
            JsonNode links = page.path("servers_links");
            next = links.isEmpty() ? null : links.get(0).path("href").asText();
        }
        assertThat(seen).hasSize(750).containsExactlyInAnyOrderElementsOf(seeded);
        assertThat(pages).isEqualTo(4);
        assertThat(sim.admin().ports("cluster-1")).hasSize(750)
                .allSatisfy(port -> assertThat(port.deviceOwner()).isEqualTo("compute:nova"));
        assertThat(sim.admin().subnets("cluster-1").get(0).allocatedIps()).hasSize(750).doesNotHaveDuplicates();
        assertThat(sim.admin().servers("cluster-1")).extracting(ServerView::name)
                .contains("fleet-1", "fleet-750");
    }

    @Test
    void seedsFortyClustersOfSevenHundredFiftyServers() {
        sim.close();
        sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(40).build());

        for (String cluster : sim.clusterNames()) {
            HttpResponse<String> response = Clients.post(sim.baseUrl() + "/admin/clusters/" + cluster + "/servers/seed",
                    "{\"count\": 750, \"prefix\": \"" + cluster + "\"}");
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(sim.admin().clusters()).hasSize(40).allSatisfy(status -> assertThat(status.servers()).isEqualTo(750));
    }

    @Test
    void seedingIsAllOrNothingWhenHostsOrAddressesRunOut() {
        String subnetId = network("11.7.0.0/24", "11.7.0.10", "11.7.0.19")[1];

        HttpResponse<String> tooManyAddresses = Clients.post(admin + "/servers/seed",
                "{\"count\": 11, \"subnetId\": \"" + subnetId + "\"}");
        HttpResponse<String> tooManyServers = Clients.post(admin + "/servers/seed", "{\"count\": 193}");

        assertThat(tooManyAddresses.statusCode()).isEqualTo(409);
        assertThat(tooManyServers.statusCode()).isEqualTo(409);
        assertThat(json(tooManyServers).path("error").asText()).contains("no host has room");
        assertThat(sim.admin().servers("cluster-1")).isEmpty();
        assertThat(sim.admin().ports("cluster-1")).isEmpty();
        assertThat(json(Clients.get(nova + "/os-hypervisors/statistics", token))
                .path("hypervisor_statistics").path("vcpus_used").asInt()).isZero();
    }

    @Test
    void theJavaApiDoesWhatTheHttpApiDoes() {
        List<String> ids = sim.admin().seedServers("cluster-1", ServerSeed.of(3, "java"));

        ServerView stopped = sim.admin().stopServer("cluster-1", ids.get(0));
        ServerView broken = sim.admin().breakServer("cluster-1", ids.get(1), null);
        ServerView moved = sim.admin().moveServer("cluster-1", ids.get(2), null);
        sim.admin().deleteServer("cluster-1", ids.get(0));

        assertThat(stopped.status()).isEqualTo("SHUTOFF");
        assertThat(stopped.vmState()).isEqualTo("stopped");
        assertThat(broken.status()).isEqualTo("ERROR");
        assertThat(broken.faultMessage()).isEqualTo("broken by the simulator");
        assertThat(moved.host()).isNotNull();
        assertThat(moved.updated()).isNotBlank();
        assertThat(sim.admin().servers("cluster-1")).extracting(ServerView::name).containsExactly("java-2", "java-3");
    }

    @Test
    void unknownClustersServersPortsAndSubnetsAre404() {
        String unknown = "00000000-0000-4000-8000-000000000000";
        List<HttpResponse<String>> responses = List.of(
                Clients.post(sim.baseUrl() + "/admin/clusters/nope/servers/seed", "{\"count\": 1}"),
                Clients.post(admin + "/servers/" + unknown + "/stop", ""),
                Clients.post(admin + "/servers/" + unknown + "/break", ""),
                Clients.post(admin + "/servers/" + unknown + "/move", ""),
                Clients.delete(admin + "/servers/" + unknown),
                Clients.delete(admin + "/ports/" + unknown),
                Clients.patch(admin + "/subnets/" + unknown, "{\"allocation_pools\": []}"),
                Clients.post(admin + "/servers/seed", "{\"count\": 1, \"subnetId\": \"" + unknown + "\"}"),
                Clients.get(admin + "/servers/" + unknown, token),
                Clients.get(admin + "/no-such-thing", token));

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(json(response).path("error").asText()).isNotBlank().doesNotContain("{");
        }
    }

    @Test
    void badBodiesAre400() {
        String id = seed(1, "bad", null).get(0);
        List<HttpResponse<String>> responses = List.of(
                Clients.post(admin + "/servers/seed", "{}"),
                Clients.post(admin + "/servers/seed", "{\"count\": \"many\"}"),
                Clients.post(admin + "/servers/seed", "{\"count\": 2, \"colour\": \"blue\"}"),
                Clients.post(admin + "/servers/seed", "[1, 2]"),
                Clients.post(admin + "/servers/seed", "{\"count\": "),
                Clients.post(admin + "/servers/" + id + "/break", "{\"fault\": 42}"),
                Clients.post(admin + "/servers/" + id + "/move", "{\"hots\": \"compute-001\"}"),
                Clients.post(admin + "/servers/" + id + "/stop", "\"now\""),
                Clients.patch(admin + "/subnets/x", "{\"allocation_pools\": {\"start\": \"1.1.1.1\"}}"));

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isNotBlank();
        }
        assertThat(sim.admin().servers("cluster-1")).hasSize(1);
        assertThat(server(id).path("status").asText()).isEqualTo("ACTIVE");
    }
}
