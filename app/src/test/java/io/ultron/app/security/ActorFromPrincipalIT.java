package io.ultron.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The actor of an event is the key's principal (with the key's id), whatever header the caller sends along. */
@UltronIntegrationTest
class ActorFromPrincipalIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEventCarriesTheKeysPrincipalAndIdNotAnActorHeader() throws Exception {
        String cluster = http.post("/api/v1/clusters", registration("actor-1")).json().get("id").asText();
        var operator = Callers.create(http, "ops-carol", "operator");

        var drained = operator.http().post("/api/v1/clusters/" + cluster + "/drain", Map.of("reason", "audit"),
                "X-Actor", "mallory", "X-Request-Id", "actor-drain");
        assertThat(drained.status()).isEqualTo(204);

        JsonNode history = await().atMost(Duration.ofSeconds(15)).until(
                () -> http.get("/api/v1/clusters/" + cluster + "/history").json(), h -> h.size() == 2);
        assertThat(history.get(0).get("actor").asText()).as("registered with the bootstrap admin key").isEqualTo("bootstrap-admin");
        assertThat(history.get(1).get("actor").asText()).isEqualTo("ops-carol");

        byte[] metaData = jdbc.queryForObject("SELECT metaData FROM DomainEventEntry WHERE aggregateIdentifier = ? "
                + "AND payloadType LIKE '%ClusterDrainedEvent'", byte[].class, cluster);
        JsonNode meta = JSON.readTree(new String(metaData, StandardCharsets.UTF_8));
        assertThat(meta.get("actor").asText()).isEqualTo("ops-carol");
        assertThat(meta.get("actorKeyId").asText()).isEqualTo(operator.id());
        assertThat(meta.get("traceId").asText()).isEqualTo("actor-drain");
        assertThat(meta.toString()).doesNotContain("mallory").doesNotContain(operator.key());
    }
}
