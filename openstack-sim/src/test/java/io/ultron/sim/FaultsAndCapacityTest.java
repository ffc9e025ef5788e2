package io.ultron.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Subnet;

/** Injected faults, rate limits and capacity limits look the way a real OpenStack shows them. */
class FaultsAndCapacityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenStackSimulator sim;

    private OpenStackSimulator start(UnaryOperator<ClusterSettings.Builder> settings) {
        sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(1)
                .defaults(s -> settings.apply(s.bootTime(100, 200))).build());
        return sim;
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private String nova() {
        return sim.baseUrl() + "/cluster-1/compute/v2.1";
    }

    private Server boot(OSClientV3 os, String name, String flavor, String portId) {
        var builder = Builders.server().name(name).flavor(flavor).image(os.imagesV2().list().get(0).getId());
        if (portId != null) {
            builder.addNetworkPort(portId);
        }
        return os.compute().servers().boot(builder.build());
    }

    private static Server.Status status(OSClientV3 os, String id) {
        return os.compute().servers().get(id).getStatus();
    }

    @Test
    void bootsBeyondCapacityEndInErrorWithNoValidHostAndGiveTheirPortBack() {
        start(s -> s.hosts(1).vcpusPerHost(2));
        OSClientV3 os = Clients.openStack4j(sim, "cluster-1");
        Network network = os.networking().network().create(Builders.network().name("net").build());
        Subnet subnet = os.networking().subnet().create(Builders.subnet().networkId(network.getId())
                .ipVersion(IPVersionType.V4).cidr("11.1.0.0/24").build());
        Port port = os.networking().port().create(Builders.port().networkId(network.getId())
                .fixedIp("11.1.0.30", subnet.getId()).build());

        Server first = boot(os, "fits-1", "2", null);
        Server second = boot(os, "fits-2", "2", null);
        Server third = boot(os, "too-many", "2", port.getId());

        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> status(os, third.getId()) == Server.Status.ERROR);
        Server failed = os.compute().servers().get(third.getId());
        assertThat(failed.getFault().getCode()).isEqualTo(500);
        assertThat(failed.getFault().getMessage()).startsWith("No valid host was found");
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() ->
                status(os, first.getId()) == Server.Status.ACTIVE && status(os, second.getId()) == Server.Status.ACTIVE);
        assertThat(os.networking().port().get(port.getId()).getDeviceId()).isEmpty();
        assertThat(os.compute().hypervisors().statistics().getVirtualUsedCPU()).isEqualTo(2);

        os.compute().servers().delete(third.getId());
        os.networking().port().delete(port.getId());

        assertThat(sim.admin().servers("cluster-1")).extracting(view -> view.name()).containsExactly("fits-1", "fits-2");
        assertThat(sim.admin().ports("cluster-1")).isEmpty();
    }

    @Test
    void injectedBuildFailuresEndInError() {
        start(UnaryOperator.identity());
        OSClientV3 os = Clients.openStack4j(sim, "cluster-1");
        sim.admin().failNextBuilds("cluster-1", 1);

        Server failing = boot(os, "unlucky", "1", null);
        Server fine = boot(os, "lucky", "1", null);

        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() ->
                status(os, failing.getId()) == Server.Status.ERROR && status(os, fine.getId()) == Server.Status.ACTIVE);
        assertThat(os.compute().servers().get(failing.getId()).getFault().getMessage()).contains("No valid host");
    }

    @Test
    void rateLimitedCallsGet429WithRetryAfter() throws Exception {
        start(s -> s.rateLimitPerSecond(2));
        OSClientV3 os = Clients.openStack4j(sim, "cluster-1");
        String token = os.getToken().getId();

        List<HttpResponse<String>> responses = List.of(Clients.get(nova() + "/flavors", token),
                Clients.get(nova() + "/flavors", token), Clients.get(nova() + "/flavors", token));

        HttpResponse<String> limited = responses.get(2);
        assertThat(responses.get(0).statusCode()).isEqualTo(200);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 1);
        assertThat(json(limited).path("overLimit").path("code").asInt()).isEqualTo(429);
        assertThatThrownBy(() -> os.compute().flavors().list())
                .isInstanceOfSatisfying(ResponseException.class, e -> assertThat(e.getStatus()).isEqualTo(429));
        assertThat(sim.admin().requests(null, "cluster-1", 100)).extracting(r -> r.outcome()).contains("rate-limited");
    }

    @Test
    void theNextNCallsFailWithTheInjectedStatusAndChangeNothing() throws Exception {
        start(UnaryOperator.identity());
        OSClientV3 os = Clients.openStack4j(sim, "cluster-1");
        String token = os.getToken().getId();
        sim.admin().failNextCalls("cluster-1", 2, 503);

        HttpResponse<String> first = Clients.post(sim.baseUrl() + "/cluster-1/network/v2.0/networks", token,
                "{\"network\": {\"name\": \"n\"}}");
        assertThatThrownBy(() -> os.compute().flavors().list())
                .isInstanceOfSatisfying(ResponseException.class, e -> assertThat(e.getStatus()).isEqualTo(503));
        HttpResponse<String> third = Clients.get(nova() + "/flavors", token);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(json(first).path("NeutronError").path("type").asText()).isEqualTo("ServiceUnavailable");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(sim.admin().networks("cluster-1")).isEmpty();
    }

    @Test
    void anErrorRateOfOneFailsEveryServiceCallWith500ButKeystoneStaysUp() throws Exception {
        start(s -> s.errorRate(1.0));

        String token = Clients.token(sim, "cluster-1");
        HttpResponse<String> response = Clients.get(nova() + "/servers", token);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("computeFault").path("code").asInt()).isEqualTo(500);
        assertThat(response.headers().firstValue("X-Compute-Request-Id")).isPresent();
    }

    @Test
    void heldCallsTimeOutOnTheClient() {
        start(s -> s.holdMillis(2_000));
        String token = Clients.token(sim, "cluster-1");
        sim.admin().holdNextCalls("cluster-1", 1);
        HttpClient client = HttpClient.newHttpClient();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(nova() + "/flavors"))
                .header("X-Auth-Token", token).timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Clients.get(nova() + "/flavors", token).statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryAnswer() {
        start(s -> s.latency(150, 150));
        String token = Clients.token(sim, "cluster-1");

        long started = System.nanoTime();
        Clients.get(nova() + "/flavors", token);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void expiredTokensGet401UntilTheClientAuthenticatesAgain() {
        start(UnaryOperator.identity());
        String token = Clients.token(sim, "cluster-1");

        sim.admin().expireTokens("cluster-1");

        assertThat(Clients.get(nova() + "/flavors", token).statusCode()).isEqualTo(401);
        assertThat(Clients.get(nova() + "/flavors", Clients.token(sim, "cluster-1")).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensExpireAfterTheirLifetime() {
        start(s -> s.tokenTtlSeconds(1));
        String token = Clients.token(sim, "cluster-1");

        await().atMost(Duration.ofSeconds(5)).until(() -> Clients.get(nova() + "/flavors", token).statusCode() == 401);
    }

    @Test
    void theAdminApiChangesSettingsAtRunTime() throws Exception {
        start(UnaryOperator.identity());
        String admin = sim.baseUrl() + "/admin/clusters/cluster-1";

        HttpResponse<String> patched = Clients.patch(admin,
                "{\"rateLimitPerSecond\": 5, \"hosts\": 3, \"failNextCalls\": 1, \"failNextStatus\": 503}");
        HttpResponse<String> unknown = Clients.patch(admin, "{\"colour\": \"blue\"}");
        HttpResponse<String> outOfRange = Clients.patch(admin, "{\"errorRate\": 2}");
        HttpResponse<String> missing = Clients.patch(sim.baseUrl() + "/admin/clusters/nope", "{}");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).path("settings").path("rateLimitPerSecond").asInt()).isEqualTo(5);
        assertThat(json(patched).path("pendingFaults").path("failNextCalls").asInt()).isEqualTo(1);
        assertThat(sim.admin().settings("cluster-1").hosts()).isEqualTo(3);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(sim.admin().settings("cluster-1").errorRate()).isZero();
    }

    @Test
    void withoutHypervisorStatisticsNovaAnswersThemWith404UntilTheyAreBack() throws Exception {
        start(s -> s.hypervisorStatistics(false));
        String token = Clients.token(sim, "cluster-1");

        HttpResponse<String> missing = Clients.get(nova() + "/os-hypervisors/statistics", token);
        sim.admin().configure("cluster-1", s -> s.hypervisorStatistics(true));
        HttpResponse<String> back = Clients.get(nova() + "/os-hypervisors/statistics", token);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("itemNotFound").path("code").asInt()).isEqualTo(404);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(json(back).path("hypervisor_statistics").path("count").asInt()).isPositive();
    }

    @Test
    void aLostDeleteIsAnswered404AndKeepsTheResource() throws Exception {
        start(UnaryOperator.identity());
        OSClientV3 os = Clients.openStack4j(sim, "cluster-1");
        String token = os.getToken().getId();
        Network network = os.networking().network().create(Builders.network().name("net").build());
        Port port = os.networking().port().create(Builders.port().name("kept").networkId(network.getId()).build());
        HttpResponse<String> patched = Clients.patch(sim.baseUrl() + "/admin/clusters/cluster-1", "{\"loseNextDeletes\": 1}");
        assertThat(json(patched).path("pendingFaults").path("loseNextDeletes").asInt()).isEqualTo(1);

        HttpResponse<String> lost = Clients.delete(sim.baseUrl() + "/cluster-1/network/v2.0/ports/" + port.getId(), token);
        assertThat(lost.statusCode()).isEqualTo(404);
        assertThat(sim.admin().ports("cluster-1")).extracting(p -> p.id()).containsExactly(port.getId());
        HttpResponse<String> deleted = Clients.delete(sim.baseUrl() + "/cluster-1/network/v2.0/ports/" + port.getId(), token);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(sim.admin().ports("cluster-1")).isEmpty();
        assertThat(sim.admin().requests(null, "cluster-1", 10)).extracting(r -> r.outcome()).contains("injected-lost-delete");
    }
}
