package io.ultron.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.Http;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A revision-1 ClusterDrainedEvent (stored before {@code evacuate} existed) loads everywhere in the new shape. */
@UltronIntegrationTest
class ClusterDrainedEventUpcastingIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oldDrainedEventsLoadIntoTheNewShape() {
        Http http = new Http(port);
        String id = http.post("/api/v1/clusters", registration("legacy-1")).json().get("id").asText();
        storeOldShapeDrainedEvent(id, 1, "legacy maintenance");

        JsonNode history = http.get("/api/v1/clusters/" + id + "/history").json();
        assertThat(history.get(1).get("type").asText()).isEqualTo("ClusterDrainedEvent");
        assertThat(history.get(1).get("payload").get("reason").asText()).isEqualTo("legacy maintenance");
        assertThat(history.get(1).get("payload").get("evacuate").asBoolean()).isFalse();
        assertThat(history.get(1).get("traceId").asText()).isEqualTo("legacy-trace");

        // the projection handles it
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/clusters/" + id).json(),
                v -> v.get("status").asText().equals("DRAINING") && "legacy maintenance".equals(v.path("drainReason").asText()));
        // the aggregate loads it: enabling is only possible for a draining cluster, so the event was applied
        assertThat(http.post("/api/v1/clusters/" + id + "/enable", null).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/clusters/" + id + "/history").json().get(2).get("type").asText()).isEqualTo("ClusterEnabledEvent");
        assertThat(http.get("/api/v1/clusters/" + id + "?asOf=" + Instant.now()).json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void newDrainedEventsAreStoredAsRevisionTwo() {
        Http http = new Http(port);
        String id = http.post("/api/v1/clusters", registration("current-1")).json().get("id").asText();

        http.post("/api/v1/clusters/" + id + "/drain", Map.of("reason", "move", "evacuate", true));

        var row = jdbc.queryForMap("SELECT payloadRevision, payload FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber = 1", id);
        assertThat(row.get("payloadRevision")).isEqualTo("2");
        assertThat(new String((byte[]) row.get("payload"), StandardCharsets.UTF_8)).contains("\"evacuate\":true");
    }

    private void storeOldShapeDrainedEvent(String id, long sequence, String reason) {
        String payload = "{\"clusterId\":\"" + id + "\",\"reason\":\"" + reason + "\"}";
        String metaData = "{\"traceId\":\"legacy-trace\",\"actor\":\"ops-legacy\",\"correlationId\":\"legacy-correlation\"}";
        jdbc.update("""
                INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, metaData, payload,
                                              payloadRevision, payloadType, timeStamp)
                VALUES (?, ?, 'Cluster', ?, ?, ?, NULL, 'io.ultron.api.cluster.ClusterDrainedEvent', ?)
                """, id, sequence, UUID.randomUUID().toString(), metaData.getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), Instant.now().toString());
    }
}
