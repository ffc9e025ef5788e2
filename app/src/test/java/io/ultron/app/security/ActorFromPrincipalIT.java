package io.ultron.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The actor of an event is the key's principal (with the key's id), whatever header the caller sends along. */
@UltronIntegrationTest
class ActorFromPrincipalIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final SimulatedFleet fleet = SimulatedFleet.start(1);

    @DynamicPropertySource
    static void openStack(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

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

    @Test
    void anAddressAllocatedInABatchOfRequestsCarriesItsCallersPrincipalAndKeyId() throws Exception {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        fleet.registerAllAndAwait(http, idc);
        String subnet = Networks.createSubnet(http, Networks.createVpc(http, "tenant-a", "actors"), idc);
        Networks.awaitPoolsReady(http, subnet, 1);
        var member = Callers.create(http, "svc-dave", "member");
        String cluster = http.get("/api/v1/subnets/" + subnet).json().get("pools").get(0).get("clusterId").asText();

        var ip = member.http().post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", "vm-dave"),
                "X-Actor", "mallory");
        assertThat(ip.status()).as(ip.body()).isEqualTo(201);

        byte[] metaData = jdbc.queryForObject("SELECT metaData FROM DomainEventEntry WHERE payloadType LIKE '%IpAllocatedEvent' "
                + "AND CAST(payload AS CHAR) LIKE '%vm-dave%'", byte[].class);
        JsonNode meta = JSON.readTree(new String(metaData, StandardCharsets.UTF_8));
        assertThat(meta.get("actor").asText()).isEqualTo("svc-dave");
        assertThat(meta.get("actorKeyId").asText()).isEqualTo(member.id());
    }
}
