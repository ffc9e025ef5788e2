package io.ultron.app.roles;

import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An api-only node serves REST but runs no processors; a conductor-only node projects and answers
 * queries on its buses, but serves no REST API.
 */
class RolesIT {

    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext api;
    static ConfigurableApplicationContext conductor;

    @BeforeAll
    static void start() {
        infra = FreshDatabase.create();
        api = start("api");
        conductor = start("conductor");
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, api, conductor);
    }

    @Test
    void apiNodeTakesRequestsAndConductorNodeProjectsThem() {
        Http apiHttp = Nodes.http(api);
        Http conductorHttp = Nodes.http(conductor);

        assertThat(api.getBean(EventProcessingConfiguration.class).eventProcessors()).isEmpty();
        assertThat(conductor.getBean(EventProcessingConfiguration.class).eventProcessors()).containsKey("cluster-view");

        var created = apiHttp.post("/api/v1/clusters", registration("roles-1"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> apiHttp.get("/api/v1/clusters/" + id).status() == 200);
        assertThat(conductorHttp.post("/api/v1/clusters", registration("roles-2")).status()).isEqualTo(404);
        assertThat(conductorHttp.get("/actuator/health").status()).isEqualTo(200);
    }

    private static ConfigurableApplicationContext start(String roles) {
        return Nodes.start(infra, "--ultron.roles=" + roles);
    }
}
