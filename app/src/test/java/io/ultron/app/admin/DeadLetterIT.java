package io.ultron.app.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.app.support.Http;
import io.ultron.app.support.UltronIntegrationTest;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.Map;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@UltronIntegrationTest
@Import(DeadLetterIT.PoisonConfiguration.class)
class DeadLetterIT {

    /** A handler of the cluster-view group that chokes on "poison" clusters until it is fixed. */
    @ProcessingGroup("cluster-view")
    static class PoisonSensitiveHandler {

        static volatile boolean broken = true;

        @EventHandler
        void on(ClusterRegisteredEvent event) {
            if (broken && event.name().startsWith("poison")) {
                throw new IllegalStateException("cannot handle " + event.name());
            }
        }
    }

    @TestConfiguration
    static class PoisonConfiguration {
        @Bean
        PoisonSensitiveHandler poisonSensitiveHandler() {
            return new PoisonSensitiveHandler();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void failedEventsWaitInTheDeadLetterQueueAndARetryAfterTheFixAppliesThemInOrder() {
        Http http = new Http(port);
        String healthy = http.post("/api/v1/clusters", registration("healthy-1")).json().get("id").asText();
        String poison = http.post("/api/v1/clusters", registration("poison-1"), "X-Request-Id", "poison-trace").json().get("id").asText();
        http.post("/api/v1/clusters/" + poison + "/drain", Map.of("reason", "queued behind the poison"));

        JsonNode letters = await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/v1/admin/dead-letters?processingGroup=cluster-view").json(), l -> l.size() == 2);
        assertThat(letters).extracting(l -> l.get("aggregateId").asText()).containsOnly(poison);
        assertThat(letters).extracting(l -> l.get("payloadType").asText())
                .containsExactly("ClusterRegisteredEvent", "ClusterDrainedEvent");
        assertThat(letters.get(0).get("traceId").asText()).isEqualTo("poison-trace");
        assertThat(letters.get(0).get("causeMessage").asText()).contains("cannot handle poison-1");
        assertThat(http.get("/api/v1/admin/dead-letters").json()).hasSize(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/clusters/" + healthy).status() == 200);
        assertThat(http.get("/api/v1/clusters/" + poison).json().path("status").asText()).isNotEqualTo("DRAINING");

        var stillBroken = http.post("/api/v1/admin/dead-letters/cluster-view/retry", null);
        assertThat(stillBroken.status()).isEqualTo(200);
        assertThat(stillBroken.json().get("remaining").asLong()).isEqualTo(2);

        PoisonSensitiveHandler.broken = false;
        var retried = http.post("/api/v1/admin/dead-letters/cluster-view/retry", null);

        assertThat(retried.json().get("sequencesRetried").asInt()).isEqualTo(1);
        assertThat(retried.json().get("remaining").asLong()).isZero();
        assertThat(http.get("/api/v1/admin/dead-letters?processingGroup=cluster-view").json()).isEmpty();
        JsonNode view = http.get("/api/v1/clusters/" + poison).json();
        assertThat(view.get("status").asText()).isEqualTo("DRAINING");
        assertThat(view.get("drainReason").asText()).isEqualTo("queued behind the poison");
    }

    @Test
    void unknownProcessingGroupHasNoDeadLetterQueue() {
        var response = new Http(port).get("/api/v1/admin/dead-letters?processingGroup=nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asText()).isEqualTo("dead-letter-queue-not-found");
    }
}
