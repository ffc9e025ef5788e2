package io.ultron.app.rebuild;

import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.RedisServerProcess;
import io.ultron.projections.rebuild.OnlineTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a conductor's rebuild knows of online requests in a split deployment (an api node and a conductor on one
 * database and a Redis of the test's own): requests to the api node are seen by the conductor within moments, and
 * forgotten a moment after they stop; the rebuild's own progress calls are not online requests; with Redis away the
 * conductor assumes requests, so a rebuild keeps its gentle pace.
 */
class OnlineTrafficIT {

    static FreshDatabase.Infrastructure infra;
    static RedisServerProcess redis;
    static ConfigurableApplicationContext api;
    static ConfigurableApplicationContext conductor;
    static Http http;
    static OnlineTraffic seenByConductor;

    @BeforeAll
    static void start() {
        infra = FreshDatabase.create();
        redis = new RedisServerProcess();
        FreshDatabase.Infrastructure ownRedis = infra.via(infra.jdbcUrl(), redis.url());
        conductor = Nodes.start(ownRedis, "--ultron.roles=conductor", "--ultron.node-id=conductor-1");
        api = Nodes.start(ownRedis, "--ultron.roles=api", "--ultron.node-id=api-1");
        http = Nodes.http(api);
        seenByConductor = conductor.getBean(OnlineTraffic.class);
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, conductor, api);
        redis.close();
    }

    @Test
    void requestsToTheApiNodeAreSeenByTheConductorAndForgottenAMomentAfterTheyStop() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !seenByConductor.recent());

        assertThat(http.get("/api/v1/clusters").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(seenByConductor::recent);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> !seenByConductor.recent());
    }

    @Test
    void theRebuildsOwnProgressCallsAreNotOnlineRequests() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !seenByConductor.recent());
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/api/v1/admin/projections/cluster-view/rebuild").status()).isIn(200, 404);
        }
        // a mark would live a whole second, and marks are written every 250 ms
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> !seenByConductor.recent());
    }

    @Test
    void withRedisAwayTheConductorAssumesOnlineRequests() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !seenByConductor.recent());
        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(seenByConductor::recent);
        } finally {
            redis.start();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> !seenByConductor.recent());
    }
}
