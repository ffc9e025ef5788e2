package io.ultron.app.security;

import io.ultron.app.support.Callers;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A caller's requests are counted in one bucket for the whole deployment: two nodes, requests alternating between
 * them, a burst of 40 and 10 more a second. Each node may take a tenth of a second's tokens (1) before it settles with
 * Redis, so the two together may overshoot by 2, not by a second bucket. Beyond it 429 problem+json with
 * Retry-After; other callers and admins are not held back; the caller is served again once the bucket has refilled.
 */
class CallerRateLimitIT {

    static final int BURST = 40;
    static final int PER_SECOND = 10;
    /** What each of the two nodes may take before it settles with Redis: a tenth of a second's tokens. */
    static final int UNSETTLED = 2 * PER_SECOND / 10;
    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        infra = FreshDatabase.create();
        String[] limits = {"--ultron.security.rate-limit.per-second=" + PER_SECOND, "--ultron.security.rate-limit.burst=" + BURST};
        first = Nodes.start(infra, limits);
        second = Nodes.start(infra, limits);
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, second, first);
    }

    @Test
    void aCallerBeyondItsRateOnAnyNodeGets429UntilItsBucketRefillsWhileOthersAreServed() {
        Callers.Caller viewer = Callers.create(Nodes.http(first), "svc-frank", "viewer");
        List<Http> nodes = List.of(Nodes.http(first).withKey(viewer.key()), Nodes.http(second).withKey(viewer.key()));

        long start = System.nanoTime();
        int served = 0;
        Http.Response refused = null;
        for (int i = 0; i < 4 * BURST && refused == null; i++) {
            Http.Response response = nodes.get(i % 2).get("/api/v1/clusters", "X-Request-Id", "rate-" + i);
            if (response.status() == 429) {
                refused = response;
            } else {
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                served++;
            }
        }
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertThat(refused).as("a request beyond the bucket is refused").isNotNull();
        assertThat(served).as("the burst, plus what refilled meanwhile, across both nodes (not a bucket each)")
                .isBetween(BURST - UNSETTLED, BURST + UNSETTLED + PER_SECOND * (int) (elapsedSeconds + 1));
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).endsWith("/rate-limited");
        assertThat(refused.json().get("traceId").asText()).startsWith("rate-");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);

        Callers.Caller other = Callers.create(Nodes.http(first), "svc-grace", "viewer");
        assertThat(Nodes.http(second).withKey(other.key()).get("/api/v1/clusters").status()).as("another caller").isEqualTo(200);
        for (int i = 0; i < 4 * BURST; i++) {
            assertThat(Nodes.http(i % 2 == 0 ? first : second).get("/api/v1/clusters").status()).as("the admin").isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> nodes.get(1).get("/api/v1/clusters").status() == 200);
    }
}
