package io.ultron.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status codes, headers and fields as the OpenStack API reference documents them, checked over plain HTTP. */
class HttpContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenStackSimulator sim;
    private String token;
    private String nova;
    private String neutron;
    private String cinder;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(1)
                .defaults(s -> s.bootTime(100, 200).serverQuota(3))
                .build());
        token = Clients.token(sim, "cluster-1");
        nova = sim.baseUrl() + "/cluster-1/compute/v2.1";
        neutron = sim.baseUrl() + "/cluster-1/network/v2.0";
        cinder = sim.baseUrl() + "/cluster-1/volume/v3/" + sim.credentials("cluster-1").projectId();
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

    private String network(String cidr, String poolStart, String poolEnd) {
        String networkId = json(Clients.post(neutron + "/networks", token, "{\"network\": {\"name\": \"net\"}}"))
                .path("network").path("id").asText();
        Clients.post(neutron + "/subnets", token, """
                {"subnet": {"network_id": "%s", "ip_version": 4, "cidr": "%s",
                 "allocation_pools": [{"start": "%s", "end": "%s"}]}}""".formatted(networkId, cidr, poolStart, poolEnd));
        return networkId;
    }

    private String subnetOf(String networkId) {
        return json(Clients.get(neutron + "/networks/" + networkId, token)).path("network").path("subnets").get(0).asText();
    }

    private HttpResponse<String> createPort(String networkId, String ip) {
        return Clients.post(neutron + "/ports", token,
                "{\"port\": {\"network_id\": \"%s\", \"fixed_ips\": [{\"ip_address\": \"%s\"}]}}".formatted(networkId, ip));
    }

    private HttpResponse<String> createServer(String name, String networks) {
        String image = imageId();
        return Clients.post(nova + "/servers", token, """
                {"server": {"name": "%s", "flavorRef": "1", "imageRef": "%s", "networks": %s,
                 "metadata": {"ultron-id": "%s"}}}""".formatted(name, image, networks, name));
    }

    private String imageId() {
        return json(Clients.get(sim.baseUrl() + "/cluster-1/image/v2/images", token)).path("images").get(0).path("id").asText();
    }

    @Test
    void keystoneAnswersAPasswordAuthWith201AndTheTokenInXSubjectToken() {
        var c = sim.credentials("cluster-1");
        HttpResponse<String> response = Clients.send(HttpRequest.newBuilder(URI.create(c.keystoneUrl() + "/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Clients.passwordAuth(c.username(), c.password(), c.projectName())))
                .build());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Subject-Token")).isPresent();
        assertThat(response.headers().firstValue("X-OpenStack-Request-ID").orElseThrow()).startsWith("req-");
        JsonNode tokenBody = json(response).path("token");
        assertThat(Instant.parse(tokenBody.path("expires_at").asText())).isAfter(Instant.now().plusSeconds(3000));
        assertThat(tokenBody.path("project").path("id").asText()).isEqualTo(c.projectId());
        assertThat(tokenBody.path("catalog").findValuesAsText("type"))
                .contains("identity", "compute", "network", "volumev3", "image");
    }

    @Test
    void keystoneAnswersBadCredentialsWith401() {
        HttpResponse<String> response = Clients.send(HttpRequest.newBuilder(
                        URI.create(sim.keystoneUrl("cluster-1") + "/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Clients.passwordAuth("ultron", "nope", "ultron")))
                .build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").path("code").asInt()).isEqualTo(401);
        assertThat(json(response).path("error").path("title").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void everyServiceAnswersAnUnknownTokenWith401() {
        for (String url : new String[] {nova + "/servers", neutron + "/networks", cinder + "/volumes",
                sim.baseUrl() + "/cluster-1/image/v2/images"}) {
            HttpResponse<String> response = Clients.get(url, "gAAAAAunknown");

            assertThat(response.statusCode()).as(url).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Keystone uri=");
        }
    }

    @Test
    void novaAnswersServerCreateWith202LocationAndBothRequestIdHeaders() {
        HttpResponse<String> response = createServer("vm-a", "[]");

        assertThat(response.statusCode()).isEqualTo(202);
        String id = json(response).path("server").path("id").asText();
        assertThat(response.headers().firstValue("Location").orElseThrow()).isEqualTo(nova + "/servers/" + id);
        String requestId = response.headers().firstValue("X-OpenStack-Request-ID").orElseThrow();
        assertThat(requestId).matches("req-[0-9a-f-]{36}");
        assertThat(response.headers().firstValue("X-Compute-Request-Id")).contains(requestId);
        assertThat(json(response).path("server").path("adminPass").asText()).isNotBlank();

        JsonNode server = json(Clients.get(nova + "/servers/" + id, token)).path("server");
        assertThat(server.path("status").asText()).isEqualTo("BUILD");
        assertThat(server.path("OS-EXT-STS:vm_state").asText()).isEqualTo("building");
        assertThat(server.path("metadata").path("ultron-id").asText()).isEqualTo("vm-a");
        assertThat(Clients.delete(nova + "/servers/" + id, token).statusCode()).isEqualTo(204);
        assertThat(Clients.get(nova + "/servers/" + id, token).statusCode()).isEqualTo(404);
    }

    @Test
    void aCallersGlobalRequestIdIsRecordedWithTheRequest() {
        String traceId = "req-" + UUID.randomUUID();
        HttpResponse<String> response = Clients.send(HttpRequest.newBuilder(URI.create(nova + "/flavors"))
                .header("X-Auth-Token", token).header("X-OpenStack-Request-ID", traceId).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sim.admin().requests(traceId)).singleElement().satisfies(record -> {
            assertThat(record.cluster()).isEqualTo("cluster-1");
            assertThat(record.service()).isEqualTo("compute");
            assertThat(record.path()).isEqualTo("/cluster-1/compute/v2.1/flavors");
            assertThat(record.requestId()).isEqualTo(response.headers().firstValue("X-OpenStack-Request-ID").orElseThrow());
        });
        JsonNode logged = json(Clients.send(HttpRequest.newBuilder(
                URI.create(sim.baseUrl() + "/admin/requests?requestId=" + traceId)).GET().build()));
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).path("globalRequestId").asText()).isEqualTo(traceId);
    }

    @Test
    void ignoresCallerRequestIdsThatAreNotReqUuid() {
        Clients.send(HttpRequest.newBuilder(URI.create(nova + "/flavors"))
                .header("X-Auth-Token", token).header("X-OpenStack-Request-ID", "my-trace-1").GET().build());

        assertThat(sim.admin().requests("my-trace-1")).isEmpty();
    }

    @Test
    void neutronRefusesATakenAddressWith409IpAddressAlreadyAllocated() {
        String networkId = network("11.0.4.0/24", "11.0.4.10", "11.0.4.100");
        assertThat(createPort(networkId, "11.0.4.20").statusCode()).isEqualTo(201);

        HttpResponse<String> second = createPort(networkId, "11.0.4.20");

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).path("NeutronError").path("type").asText()).isEqualTo("IpAddressAlreadyAllocated");
        assertThat(sim.admin().ports("cluster-1")).hasSize(1);
    }

    @Test
    void neutronRefusesAnAddressOutsideTheSubnetWith400() {
        String networkId = network("11.0.5.0/24", "11.0.5.10", "11.0.5.100");
        String subnetId = subnetOf(networkId);

        HttpResponse<String> outside = Clients.post(neutron + "/ports", token, """
                {"port": {"network_id": "%s", "fixed_ips": [{"subnet_id": "%s", "ip_address": "11.0.6.7"}]}}"""
                .formatted(networkId, subnetId));
        HttpResponse<String> broadcast = createPort(networkId, "11.0.5.255");

        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(json(outside).path("NeutronError").path("type").asText()).isEqualTo("InvalidIpForSubnet");
        assertThat(broadcast.statusCode()).isEqualTo(400);
        assertThat(sim.admin().ports("cluster-1")).isEmpty();
    }

    @Test
    void neutronAcceptsAnExplicitAddressOutsideTheAllocationPools() {
        String networkId = network("11.0.7.0/24", "11.0.7.10", "11.0.7.100");

        HttpResponse<String> response = createPort(networkId, "11.0.7.200");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).path("port").path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo("11.0.7.200");
    }

    @Test
    void neutronAllocatesFromThePoolsAndAnswers409WhenTheyAreExhausted() {
        String networkId = network("11.0.8.0/24", "11.0.8.10", "11.0.8.11");
        String body = "{\"port\": {\"network_id\": \"%s\"}}".formatted(networkId);

        assertThat(json(Clients.post(neutron + "/ports", token, body)).path("port").path("fixed_ips").get(0)
                .path("ip_address").asText()).isEqualTo("11.0.8.10");
        assertThat(Clients.post(neutron + "/ports", token, body).statusCode()).isEqualTo(201);
        HttpResponse<String> exhausted = Clients.post(neutron + "/ports", token, body);

        assertThat(exhausted.statusCode()).isEqualTo(409);
        assertThat(json(exhausted).path("NeutronError").path("type").asText()).isEqualTo("IpAddressGenerationFailure");
    }

    @Test
    void neutronUpdatesAllocationPoolsWithPut() {
        String networkId = network("11.0.9.0/24", "11.0.9.10", "11.0.9.20");
        String subnetId = subnetOf(networkId);

        HttpResponse<String> response = Clients.put(neutron + "/subnets/" + subnetId, token,
                "{\"subnet\": {\"allocation_pools\": [{\"start\": \"11.0.9.128\", \"end\": \"11.0.9.254\"}]}}");
        HttpResponse<String> outOfBounds = Clients.put(neutron + "/subnets/" + subnetId, token,
                "{\"subnet\": {\"allocation_pools\": [{\"start\": \"11.0.9.128\", \"end\": \"11.0.10.4\"}]}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("subnet").path("allocation_pools").get(0).path("start").asText()).isEqualTo("11.0.9.128");
        assertThat(outOfBounds.statusCode()).isEqualTo(400);
        assertThat(json(Clients.post(neutron + "/ports", token, "{\"port\": {\"network_id\": \"%s\"}}".formatted(networkId)))
                .path("port").path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo("11.0.9.128");
    }

    @Test
    void novaBootsOnANetworkWithAFixedIpAndDeletesItsOwnPortWithTheServer() {
        String networkId = network("11.0.10.0/24", "11.0.10.10", "11.0.10.100");

        HttpResponse<String> response = createServer("vm-fixed",
                "[{\"uuid\": \"%s\", \"fixed_ip\": \"11.0.10.77\"}]".formatted(networkId));
        String serverId = json(response).path("server").path("id").asText();

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(sim.admin().ports("cluster-1")).singleElement().satisfies(port -> {
            assertThat(port.fixedIps()).containsExactly("11.0.10.77");
            assertThat(port.deviceId()).isEqualTo(serverId);
            assertThat(port.deviceOwner()).isEqualTo("compute:nova");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> json(Clients.get(nova + "/servers/" + serverId, token))
                .path("server").path("status").asText().equals("ACTIVE"));
        assertThat(json(Clients.get(nova + "/servers/" + serverId, token)).path("server").path("addresses")
                .path("net").get(0).path("addr").asText()).isEqualTo("11.0.10.77");
        HttpResponse<String> taken = createServer("vm-again",
                "[{\"uuid\": \"%s\", \"fixed_ip\": \"11.0.10.77\"}]".formatted(networkId));
        assertThat(taken.statusCode()).isEqualTo(400);

        Clients.delete(nova + "/servers/" + serverId, token);

        assertThat(sim.admin().ports("cluster-1")).isEmpty();
        assertThat(sim.admin().subnets("cluster-1").get(0).allocatedIps()).isEmpty();
    }

    @Test
    void novaRefusesAPortThatIsAlreadyInUseWith409() {
        String networkId = network("11.0.11.0/24", "11.0.11.10", "11.0.11.100");
        String portId = json(createPort(networkId, "11.0.11.10")).path("port").path("id").asText();
        assertThat(createServer("first", "[{\"port\": \"%s\"}]".formatted(portId)).statusCode()).isEqualTo(202);

        HttpResponse<String> second = createServer("second", "[{\"port\": \"%s\"}]".formatted(portId));

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).path("conflictingRequest").path("code").asInt()).isEqualTo(409);
        assertThat(sim.admin().servers("cluster-1")).hasSize(1);
    }

    @Test
    void novaAnswersAnExceededServerQuotaWith403Forbidden() {
        for (int i = 0; i < 3; i++) {
            assertThat(createServer("q-" + i, "[]").statusCode()).isEqualTo(202);
        }

        HttpResponse<String> fourth = createServer("q-3", "[]");

        assertThat(fourth.statusCode()).isEqualTo(403);
        assertThat(json(fourth).path("forbidden").path("message").asText()).startsWith("Quota exceeded for instances");
        assertThat(sim.admin().servers("cluster-1")).hasSize(3);
    }

    @Test
    void novaPagesServerListsWithANextLink() {
        createServer("page-1", "[]");
        createServer("page-2", "[]");
        createServer("page-3", "[]");

        JsonNode first = json(Clients.get(nova + "/servers?limit=2", token));

        assertThat(first.path("servers")).hasSize(2);
        String next = first.path("servers_links").get(0).path("href").asText();
        assertThat(next).startsWith(nova + "/servers?limit=2&marker=");
        JsonNode second = json(Clients.get(next, token));
        assertThat(second.path("servers")).hasSize(1);
        assertThat(second.path("servers").get(0).path("name").asText()).isEqualTo("page-1");
        assertThat(Clients.get(nova + "/servers?marker=nope", token).statusCode()).isEqualTo(400);
    }

    @Test
    void novaFiltersByChangesSince() {
        createServer("old", "[]");
        String later = Instant.now().plusSeconds(60).toString();

        JsonNode none = json(Clients.get(nova + "/servers/detail?changes-since=" + later, token));
        JsonNode all = json(Clients.get(nova + "/servers/detail?changes-since=2020-01-01T00:00:00Z", token));

        assertThat(none.path("servers")).isEmpty();
        assertThat(all.path("servers")).hasSize(1);
    }

    @Test
    void novaReportsHypervisorStatistics() {
        createServer("counted", "[]");

        JsonNode statistics = json(Clients.get(nova + "/os-hypervisors/statistics", token)).path("hypervisor_statistics");

        assertThat(statistics.path("vcpus_used").asInt()).isEqualTo(1);
        assertThat(statistics.path("memory_mb_used").asInt()).isEqualTo(512);
        assertThat(statistics.path("free_ram_mb").asLong())
                .isEqualTo(statistics.path("memory_mb").asLong() - 512);
        assertThat(statistics.path("running_vms").asInt()).isEqualTo(1);
    }

    @Test
    void cinderAnswersCreateWith202AndMovesTheVolumeToAvailable() {
        HttpResponse<String> response = Clients.post(cinder + "/volumes", token,
                "{\"volume\": {\"size\": 5, \"name\": \"logs\"}}");
        String id = json(response).path("volume").path("id").asText();

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("volume").path("status").asText()).isEqualTo("creating");
        await().atMost(Duration.ofSeconds(5)).until(() -> json(Clients.get(cinder + "/volumes/" + id, token))
                .path("volume").path("status").asText().equals("available"));
        assertThat(json(Clients.get(cinder + "/volumes/detail", token)).path("volumes")).hasSize(1);
        assertThat(Clients.delete(cinder + "/volumes/" + id, token).statusCode()).isEqualTo(202);
        assertThat(Clients.get(cinder + "/volumes/" + id, token).statusCode()).isEqualTo(404);
    }

    @Test
    void everyAnswerCarriesARequestId() {
        for (HttpResponse<String> response : List.of(
                Clients.get(neutron + "/networks", token), Clients.get(cinder + "/volumes", token),
                Clients.get(sim.baseUrl() + "/cluster-1/image/v2/images", token), Clients.get(nova + "/servers/x", token))) {
            assertThat(response.headers().firstValue("X-OpenStack-Request-ID")).isPresent();
        }
    }
}
