package io.ultron.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose conductor group is cluster-1 only: cluster-2 is in no running conductor's group, and its component of
 * {@code /actuator/health} says so ({@code UNCOVERED}, {@code covered: false}) without making the node DOWN. Before
 * any conductor has noted a cluster (here: before cluster-1 is registered) nothing syncs at all, and the components
 * say {@code covered: false} but keep the status their health gives.
 */
@UltronIntegrationTest
class UncoveredClusterIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.propertiesWithQuickSync((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.conductor.clusters", () -> "cluster-1");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aClusterNoRunningConductorCoversIsUncoveredInHealth() {
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        String uncovered = fleet.register(http, "cluster-2", idc);
        JsonNode alone = await().atMost(WAIT).until(() -> component("cluster-2"), component -> !component.isMissingNode());
        assertThat(alone.get("status").asText()).as("no conductor syncs anything yet: not reported as broken").isEqualTo("UNKNOWN");
        assertThat(alone.at("/details/covered").asBoolean(true)).isFalse();
        assertThat(alone.at("/details/coverage").asText()).isEqualTo("no running conductor syncs any cluster");

        fleet.register(http, "cluster-1", idc);
        // its conductor notes the clusters it covers about once a second, and syncs it
        await().atMost(WAIT).until(() -> component("cluster-1"), component -> component.at("/details/covered").asBoolean()
                && component.path("status").asText().equals("UP"));
        JsonNode health = http.anonymous().get("/actuator/health").json();
        assertThat(health.get("status").asText()).as("an uncovered cluster does not make the node DOWN").isEqualTo("UP");
        JsonNode notCovered = health.at("/components/clusters/components/cluster-2");
        assertThat(notCovered.get("status").asText()).isEqualTo("UNCOVERED");
        assertThat(notCovered.at("/details/id").asText()).isEqualTo(uncovered);
        assertThat(notCovered.at("/details/covered").asBoolean(true)).isFalse();
        assertThat(notCovered.at("/details/coverage").isMissingNode()).isTrue();
    }

    private JsonNode component(String cluster) {
        return http.anonymous().get("/actuator/health").json().at("/components/clusters/components/" + cluster);
    }
}
