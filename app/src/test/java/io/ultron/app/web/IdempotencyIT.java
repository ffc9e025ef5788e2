package io.ultron.app.web;

import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Concurrently;
import io.ultron.app.support.EventStoreRows;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;

@UltronIntegrationTest
class IdempotencyIT extends ApiIntegrationTest {


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

        assertThat(statuses).containsOnly(201, 409).contains(201);
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(before + 1);
        assertThat(http.post("/api/v1/clusters", registration("idem-4"), "Idempotency-Key", "key-idem-4").status()).isEqualTo(201);
    }

    @Test
    void malformedKeyIs400() {
        var response = http.post("/api/v1/clusters", registration("idem-5"), "Idempotency-Key", "spaces are not allowed");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asText()).isEqualTo("invalid-idempotency-key");
    }
}
