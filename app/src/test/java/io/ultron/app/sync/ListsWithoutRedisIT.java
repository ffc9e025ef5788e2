package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.compute.Images;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.RedisServerProcess;
import io.ultron.app.support.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where sync runs, a node whose Redis (a redis-server of its own) goes away still answers the server list promptly,
 * counting only DOWN clusters as stale since it cannot know when the others were synced, and its health says
 * nothing of coverage rather than waiting on Redis.
 */
class ListsWithoutRedisIT {

    /** "Within 2 s", as for any answer while a dependency is away, with room for a busy test machine. */
    static final Duration PROMPTLY = Duration.ofMillis(2500);
    static final Duration WAIT = Duration.ofSeconds(60);

    static SimulatedFleet fleet;
    static FreshDatabase.Infrastructure infra;
    static RedisServerProcess redis;
    static ConfigurableApplicationContext node;
    static Http http;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(1);
        infra = FreshDatabase.create();
        redis = new RedisServerProcess();
        List<String> args = new ArrayList<>(List.of(fleet.asArgs()));
        args.addAll(List.of("--ultron.sync.enabled=true", "--ultron.sync.tick=200ms", "--ultron.sync.initial-delay=0s",
                "--ultron.sync.interval=1s", "--ultron.compute.capacity-refresh=300ms",
                "--ultron.compute.build-watch-interval=200ms"));
        node = Nodes.start(infra.via(infra.jdbcUrl(), redis.url()), args.toArray(String[]::new));
        http = Nodes.http(node);
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, node);
        redis.close();
        fleet.close();
    }

    @Test
    void theServerListAnswersPromptlyWhileRedisIsAway() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        String cluster = fleet.registerAllAndAwait(http, idc).get("cluster-1");
        String vpc = Networks.createVpc(http, "acme", "no-redis");
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 1);
        fleet.simulator().admin().configure("cluster-1", s -> s.bootTime(200, 400));
        String server = createServer(vpc, idc);
        await().atMost(WAIT).until(() -> http.get("/api/v1/servers/" + server).json().path("status").asText().equals("ACTIVE"));
        await().atMost(WAIT).until(() -> http.get("/api/v1/clusters/" + cluster).json().path("health").asText().equals("UP"));

        redis.stop();

        for (int i = 0; i < 3; i++) {
            var list = timed(() -> http.get("/api/v1/servers?tenant=acme"));
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            JsonNode page = list.json();
            assertThat(page.get("items")).hasSize(1);
            assertThat(page.at("/items/0/id").asText()).isEqualTo(server);
            assertThat(page.at("/items/0/observedAt").isMissingNode()).isTrue();
            assertThat(page.get("staleClusters")).as("only DOWN counts while the sync times cannot be read").isEmpty();
        }
        var health = timed(() -> http.anonymous().get("/actuator/health"));
        assertThat(health.json().at("/components/redis/status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/components/clusters/components/cluster-1/details/covered").isMissingNode()).isTrue();
    }

    private static String createServer(String vpc, String idc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", "acme");
        body.put("name", "no-redis");
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", "m1.tiny");
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "LOCAL");
        body.put("diskGb", 1);
        var created = http.post("/api/v1/servers", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("serverId").asText();
    }

    private static Http.Response timed(Supplier<Http.Response> request) {
        long start = System.nanoTime();
        Http.Response response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("answered in %s: %s", took, response.body()).isLessThan(PROMPTLY);
        return response;
    }
}
