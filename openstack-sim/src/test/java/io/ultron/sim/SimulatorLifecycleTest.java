package io.ultron.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Starting, sizing and stopping the simulator, and its behaviour under many concurrent calls. */
class SimulatorLifecycleTest {

    @Test
    void startsFortyClustersOnAFreePortWellUnderASecondAndStopsCleanly() {
        long started = System.nanoTime();
        OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(40).build());
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        int port = sim.port();

        assertThat(startup).isLessThan(Duration.ofSeconds(1));
        assertThat(port).isPositive();
        assertThat(sim.clusterNames()).hasSize(40).contains("cluster-1", "cluster-40");
        assertThat(sim.keystoneUrl("cluster-40")).isEqualTo("http://127.0.0.1:" + port + "/cluster-40/identity/v3");
        assertThat(Clients.token(sim, "cluster-40")).isNotBlank();

        sim.close();

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/clusters")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void eachClusterHasItsOwnCredentialsProjectAndRegion() {
        try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(2)
                .cluster("cluster-2", s -> s.region("sh-idc2-az1")).build())) {
            Credentials first = sim.credentials("cluster-1");
            Credentials second = sim.credentials("cluster-2");

            assertThat(first.region()).isEqualTo("cluster-1");
            assertThat(second.region()).isEqualTo("sh-idc2-az1");
            assertThat(first.projectId()).isNotEqualTo(second.projectId());
            assertThat(first.password()).isNotEqualTo(second.password());
        }
    }

    @Test
    void theSameSeedGivesTheSameIds() {
        List<String> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(1).seed(99).build())) {
                String token = Clients.token(sim, "cluster-1");
                Clients.post(sim.baseUrl() + "/cluster-1/network/v2.0/networks", token, "{\"network\": {\"name\": \"n\"}}");
                runs.add(sim.credentials("cluster-1").projectId() + "/" + sim.admin().networks("cluster-1").get(0).id());
            }
        }

        assertThat(runs.get(0)).isEqualTo(runs.get(1));
    }

    @Test
    void answersTwoThousandConcurrentCalls() {
        try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(4)
                .defaults(s -> s.latency(50, 100)).build())) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (String cluster : sim.clusterNames()) {
                String token = Clients.token(sim, cluster);
                for (int i = 0; i < 500; i++) {
                    calls.add(client.sendAsync(HttpRequest.newBuilder(
                                    URI.create(sim.baseUrl() + "/" + cluster + "/compute/v2.1/flavors"))
                            .header("X-Auth-Token", token).build(), HttpResponse.BodyHandlers.ofString()));
                }
            }

            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

            assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
            assertThat(sim.admin().requests(null, null, 5000)).hasSizeGreaterThanOrEqualTo(2000);
        }
    }

    @Test
    void readsItsCommandLine() {
        SimulatorConfig config = Main.parse(new String[] {"--clusters", "5", "--port", "0", "--boot-time", "20s-40s",
                "--latency", "20ms-80ms", "--seed", "42", "--hosts", "8"});

        assertThat(config.clusters()).hasSize(5);
        assertThat(config.port()).isZero();
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.clusters().get("cluster-3").bootTimeMinMillis()).isEqualTo(20_000);
        assertThat(config.clusters().get("cluster-3").bootTimeMaxMillis()).isEqualTo(40_000);
        assertThat(config.clusters().get("cluster-3").latencyMaxMillis()).isEqualTo(80);
        assertThat(config.clusters().get("cluster-3").hosts()).isEqualTo(8);
        assertThatThrownBy(() -> Main.parse(new String[] {"--colour", "blue"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
