package io.ultron.app.web;

import io.ultron.app.support.Callers;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.RedisServerProcess;
import io.ultron.app.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose database (through a {@link TcpProxy}) or Redis (a redis-server of its own) goes away answers
 * 503 {@code dependency-unavailable} and reports DOWN within about 2 s, and serves again once the dependency is
 * back, without a restart.
 */
class DependencyOutageIT {

    /** "Within 2 s", with room for a busy test machine. */
    private static final Duration PROMPTLY = Duration.ofMillis(2500);

    static FreshDatabase.Infrastructure infra;
    static TcpProxy database;
    static RedisServerProcess redis;
    static ConfigurableApplicationContext node;
    static Http http;

    @BeforeAll
    static void start() {
        infra = FreshDatabase.create();
        URI server = URI.create(FreshDatabase.SERVER_URL.substring("jdbc:".length()));
        database = new TcpProxy(server.getHost(), server.getPort() < 0 ? 3306 : server.getPort());
        redis = new RedisServerProcess();
        String proxied = "jdbc:mysql://127.0.0.1:" + database.port() + "/" + infra.database();
        node = Nodes.start(infra.via(proxied, redis.url()));
        http = Nodes.http(node);
    }

    @AfterEach
    void bringEverythingBack() {
        database.restore();
        redis.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/actuator/health").status() == 200);
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, node);
        database.close();
        redis.close();
    }

    @Test
    void redisDownIsA503AndHealthDownWithinTwoSecondsAndServesAgainOnceItIsBack() {
        // a node in service has talked to Redis before (the first connection also starts Lettuce's event loops)
        assertThat(http.post("/api/v1/clusters", registration("redis-up"), "Idempotency-Key", "key-redis-up").status()).isEqualTo(201);

        redis.stop();

        var post = timed(() -> http.post("/api/v1/clusters", registration("redis-down"),
                "Idempotency-Key", "key-redis-down", "X-Request-Id", "trace-redis-down"));
        assertThat(post.status()).isEqualTo(503);
        assertThat(post.header("Content-Type")).startsWith("application/problem+json");
        assertThat(post.json().get("code").asText()).isEqualTo("dependency-unavailable");
        assertThat(post.json().get("traceId").asText()).isEqualTo("trace-redis-down");

        var health = timed(() -> http.get("/actuator/health"));
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/components/redis/status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/components/db/status").asText()).isEqualTo("UP");

        redis.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                http.post("/api/v1/clusters", registration("redis-down"), "Idempotency-Key", "key-redis-down").status() == 201);
        var replayed = http.post("/api/v1/clusters", registration("redis-down"), "Idempotency-Key", "key-redis-down");
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(http.get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void whileRedisIsDownACallerIsServedWithoutBeingCounted() {
        Http asViewer = http.withKey(Callers.create(http, "svc-outage", "viewer").key());
        assertThat(asViewer.get("/api/v1/clusters").status()).as("counted in Redis").isEqualTo(200);

        redis.stop();

        assertThat(timed(() -> asViewer.get("/api/v1/clusters")).status()).isEqualTo(200);
        assertThat(timed(() -> asViewer.get("/api/v1/clusters")).status()).isEqualTo(200);
    }

    @Test
    void databaseDownIsA503AndHealthDownWithinTwoSecondsAndServesAgainOnceItIsBack() {
        var created = http.post("/api/v1/clusters", registration("db-down-1"));
        assertThat(created.status()).isEqualTo(201);
        String cluster = "/api/v1/clusters/" + created.json().get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get(cluster).status() == 200);

        database.cut();

        var get = timed(() -> http.get(cluster, "X-Request-Id", "trace-db-down-get"));
        assertThat(get.status()).isEqualTo(503);
        assertThat(get.json().get("code").asText()).isEqualTo("dependency-unavailable");
        assertThat(get.json().get("traceId").asText()).isEqualTo("trace-db-down-get");
        assertThat(get.header("Retry-After")).isEqualTo("1");

        var post = timed(() -> http.post("/api/v1/clusters", registration("db-down-2"),
                "Idempotency-Key", "key-db-down", "X-Request-Id", "trace-db-down-post"));
        assertThat(post.status()).isEqualTo(503);
        assertThat(post.json().get("code").asText()).isEqualTo("dependency-unavailable");
        assertThat(post.json().get("traceId").asText()).isEqualTo("trace-db-down-post");

        var health = timed(() -> http.get("/actuator/health"));
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/components/db/status").asText()).isEqualTo("DOWN");

        database.restore();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> http.get(cluster).status() == 200);
        // the 503 was not kept under the key: the retry with the same key runs
        var retried = http.post("/api/v1/clusters", registration("db-down-2"), "Idempotency-Key", "key-db-down");
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(http.get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
    }

    private static Http.Response timed(Supplier<Http.Response> request) {
        long start = System.nanoTime();
        Http.Response response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("answered in %s: %s", took, response.body()).isLessThan(PROMPTLY);
        return response;
    }
}
