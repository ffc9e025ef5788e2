package io.ultron.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Concurrently;
import io.ultron.app.support.EventStoreRows;
import io.ultron.app.support.Http;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.scripted.ScriptedEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@UltronIntegrationTest
@Import(ScriptedEndpoints.class)
// a short in-progress TTL (10 s in application.yml) keeps the tests that outlive or outwait it short
@TestPropertySource(properties = "ultron.idempotency.in-progress-ttl=2s")
class IdempotencyIT extends ApiIntegrationTest {

    @Autowired
    ScriptedEndpoints scripted;
    @Autowired
    IdempotencyFilter filter;

    @Test
    void sameKeyAndBodyAnswersAsTheFirstTimeAndDispatchesNothingNew() {
        int before = EventStoreRows.count(jdbc);
        var first = http.post("/api/v1/clusters", registration("idem-1"), "Idempotency-Key", "key-idem-1");
        var second = http.post("/api/v1/clusters", registration("idem-1"), "Idempotency-Key", "key-idem-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(before + 1);
    }

    @Test
    void theSameKeyFromTwoCallersIsTwoRequests() {
        Http otherAdmin = Callers.create(http, "svc-other-admin", "admin").http();
        int before = EventStoreRows.count(jdbc);

        var mine = http.post("/api/v1/clusters", registration("idem-caller-1"), "Idempotency-Key", "key-shared");
        var theirs = otherAdmin.post("/api/v1/clusters", registration("idem-caller-2"), "Idempotency-Key", "key-shared");

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).as("not 422: the key is theirs too").isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.json().get("id")).isNotEqualTo(mine.json().get("id"));
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(before + 2);
        var myRepeat = http.post("/api/v1/clusters", registration("idem-caller-1"), "Idempotency-Key", "key-shared");
        assertThat(myRepeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(myRepeat.json()).isEqualTo(mine.json());
    }

    @Test
    void sameKeyWithADifferentBodyIs422() {
        assertThat(http.post("/api/v1/clusters", registration("idem-2"), "Idempotency-Key", "key-idem-2").status()).isEqualTo(201);
        int before = EventStoreRows.count(jdbc);

        var reused = http.post("/api/v1/clusters", registration("idem-2-other"), "Idempotency-Key", "key-idem-2");

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(before);
    }

    @Test
    void refusedRequestIsAnsweredTheSameWayAgain() {
        assertThat(http.post("/api/v1/clusters", registration("idem-3")).status()).isEqualTo(201);

        var first = http.post("/api/v1/clusters", registration("idem-3"), "Idempotency-Key", "key-idem-3");
        var again = http.post("/api/v1/clusters", registration("idem-3"), "Idempotency-Key", "key-idem-3");

        assertThat(first.status()).isEqualTo(409);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("cluster-name-taken");
    }

    @Test
    void concurrentRepeatsOfOneKeyRegisterOnce() throws Exception {
        int before = EventStoreRows.count(jdbc);
        List<Integer> statuses = Concurrently.run(8,
                i -> http.post("/api/v1/clusters", registration("idem-4"), "Idempotency-Key", "key-idem-4").status());

        // a repeat that arrives while the first runs is a 409, one after it a replayed 201: which, depends on timing
        // (each request's key look-up comes first, and a fresh pool opens its connections as they are needed)
        assertThat(statuses).allMatch(status -> status == 201 || status == 409).contains(201);
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(before + 1);
        assertThat(http.post("/api/v1/clusters", registration("idem-4"), "Idempotency-Key", "key-idem-4").status()).isEqualTo(201);
    }

    @Test
    void malformedKeyIs400() {
        var response = http.post("/api/v1/clusters", registration("idem-5"), "Idempotency-Key", "spaces are not allowed");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asText()).isEqualTo("invalid-idempotency-key");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"lost-race, 409, concurrent-modification", "action-pending, 409, action-pending",
            "unavailable, 503, addresses-provisioning", "internal, 500, internal-error", "rate-limited, 429, ''"})
    void anAnswerThatAsksForARetryIsNotKeptSoTheRetryWithTheSameKeyRuns(String failure, int status, String code) {
        String path = "/test/scripted/fail-once/" + failure + "/retried";
        String key = "key-retry-" + failure;

        var first = http.post(path, "{}", "Idempotency-Key", key);
        var retry = http.post(path, "{}", "Idempotency-Key", key);
        var repeat = http.post(path, "{}", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(status);
        if (!code.isEmpty()) {
            assertThat(first.json().get("code").asText()).isEqualTo(code);
        }
        assertThat(retry.status()).as("the retry ran").isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertThat(retry.json().get("call").asInt()).isEqualTo(2);
        assertThat(repeat.status()).as("the final answer is kept").isEqualTo(201);
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.json()).isEqualTo(retry.json());
        assertThat(scripted.calls(failure, "retried")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"name-taken, 409", "rule, 422", "not-found, 404"})
    void aRefusalByARuleIsKeptAndNotRunAgain(String failure, int status) {
        String path = "/test/scripted/fail-once/" + failure + "/refused";
        String key = "key-final-" + failure;

        var first = http.post(path, "{}", "Idempotency-Key", key);
        var again = http.post(path, "{}", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(status);
        assertThat(again.status()).isEqualTo(status);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("code")).isEqualTo(first.json().get("code"));
        assertThat(scripted.calls(failure, "refused")).isEqualTo(1);
    }

    @Test
    void aRequestThatOutlivesTheInProgressTtlKeepsItsKeyUntilItsAnswerIsKept() throws Exception {
        String path = "/test/scripted/held/long";
        CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(() -> http.post(path, "{}", "Idempotency-Key", "key-held"));
        await().atMost(Duration.ofSeconds(10)).until(() -> scripted.calls("held", "long") == 1);

        // more than twice the 2 s in-progress TTL: only refreshing keeps the key taken
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var repeat = http.post(path, "{}", "Idempotency-Key", "key-held");
            return repeat.status() == 409 && repeat.json().get("code").asText().equals("idempotency-key-in-use");
        });
        scripted.release("long");

        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        var replayed = http.post(path, "{}", "Idempotency-Key", "key-held");
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(scripted.calls("held", "long")).isEqualTo(1);
    }

    @Test
    void aKeyLeftInProgressByADeadRequestIsFreeAgainWithinSeconds() throws Exception {
        String body = new ObjectMapper().writeValueAsString(registration("idem-dead"));
        // what a node that died mid-request leaves behind: the key taken, and nobody refreshing it
        String marker = filter.claim(filter.redisKey("bootstrap-admin", "key-dead"),
                IdempotencyFilter.fingerprint("POST", "/api/v1/clusters", body.getBytes(StandardCharsets.UTF_8)));
        assertThat(marker).isNotNull();
        int before = EventStoreRows.count(jdbc);

        var whileTaken = http.post("/api/v1/clusters", body, "Idempotency-Key", "key-dead");
        assertThat(whileTaken.status()).isEqualTo(409);
        assertThat(whileTaken.json().get("code").asText()).isEqualTo("idempotency-key-in-use");

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post("/api/v1/clusters", body, "Idempotency-Key", "key-dead").status() == 201);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(before + 1);
        assertThat(http.post("/api/v1/clusters", body, "Idempotency-Key", "key-dead").header("Idempotent-Replayed")).isEqualTo("true");
    }
}
