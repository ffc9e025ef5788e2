package io.ultron.app.roles;

import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.ultron.twonodes.HandledEventLog;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one database and one Redis: both serve requests, they share the processor segments
 * through the token store, and every event reaches the projection exactly once.
 */
class TwoInstancesIT {

    static final int CLUSTERS = 40;

    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        infra = FreshDatabase.create();
        nodeA = start("node-a");
        nodeB = start("node-b");
    }

    @AfterAll
    static void stopNodes() {
        Nodes.stop(infra, nodeA, nodeB);
    }

    @Test
    void bothNodesServeAndEachEventUpdatesTheProjectionExactlyOnce() {
        JdbcTemplate jdbc = nodeA.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForList("SELECT DISTINCT owner FROM TokenEntry WHERE processorName = 'cluster-view' AND owner IS NOT NULL", String.class))
                        .as("the balancer spreads cluster-view segments over both nodes").hasSize(2));

        Http a = Nodes.http(nodeA);
        Http b = Nodes.http(nodeB);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CLUSTERS; i++) {
            Http node = i % 2 == 0 ? a : b;
            var created = node.post("/api/v1/clusters", registration("shared-" + i, "idc-" + (i / 8)));
            assertThat(created.status()).isEqualTo(201);
            ids.add(created.json().get("id").asText());
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM handled_event", Integer.class)).isEqualTo(CLUSTERS));

        List<Map<String, Object>> perEvent = jdbc.queryForList(
                "SELECT event_id, COUNT(*) AS times FROM handled_event GROUP BY event_id");
        assertThat(perEvent).hasSize(CLUSTERS).allSatisfy(row -> assertThat(((Number) row.get("times")).intValue()).isEqualTo(1));
        assertThat(jdbc.queryForList("SELECT DISTINCT node FROM handled_event", String.class))
                .as("both nodes processed some segments").containsExactlyInAnyOrder("node-a", "node-b");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cluster_view", Integer.class)).isEqualTo(CLUSTERS));
        for (String id : ids) {
            assertThat(a.get("/api/v1/clusters/" + id).status()).isEqualTo(200);
            assertThat(b.get("/api/v1/clusters/" + id).status()).isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(String nodeName) {
        // claim released segments quickly and balance often, so the test need not wait long
        return Nodes.start(infra, List.of(HandledEventLog.class), "--ultron.test.node-name=" + nodeName,
                "--axon.eventhandling.processors.cluster-view.token-claim-interval=500", "--ultron.conductor.balance-interval=1s");
    }
}
