package io.ultron.app.database;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.compute.Images;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with far fewer connections than it has threads that may wait on one another still finishes a batch: a
 * server's address step waits for its VPC's allocation batch while holding no connection (before, a conductor's 16
 * address threads each held one while the batch that would answer them waited for a connection, and the batch stood
 * still until the busy-pool wait gave up, again and again).
 */
class SmallPoolBatchIT {

    static final int SERVERS = 20;
    static final int CONNECTIONS = 4;
    static SimulatedFleet fleet;
    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext node;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(2);
        infra = FreshDatabase.create().withPoolSize(CONNECTIONS);
        node = Nodes.start(infra, fleet.asArgs());
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, node);
        fleet.close();
    }

    @Test
    void aBatchFinishesOnANodeWithFourConnections() {
        Http http = Nodes.http(node);
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        fleet.registerAllAndAwait(http, idc);
        String vpc = Networks.createVpc(http, "acme", "small-pool");
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);

        var created = await().atMost(Duration.ofSeconds(30)).until(() -> http.post("/api/v1/batches", Map.of(
                "tenant", "acme", "namePrefix", "small", "count", SERVERS, "vpcId", vpc, "idc", idc, "flavor", "m1.tiny",
                "image", Images.CIRROS, "bootDisk", "LOCAL", "diskGb", 1)),
                response -> response.status() == 202);
        String batchId = created.json().get("batchId").asText();

        // the busy-pool wait is 30 s: a step stuck behind it even once would take longer than this
        JsonNode batch = await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/v1/batches/" + batchId),
                response -> response.status() == 200 && response.json().get("completed").asBoolean()).json();
        assertThat(batch.get("active").asInt()).isEqualTo(SERVERS);
        assertThat(batch.get("failed").asInt()).isZero();
    }
}
