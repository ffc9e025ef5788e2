package io.ultron.app.web;

import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@UltronIntegrationTest
class OperationsEndpointsIT extends ApiIntegrationTest {


    @Test
    void healthReportsTheDatabaseAndRedis() {
        var health = http.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").get("redis").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void openApiDescribesTheClusterEndpoints() {
        var docs = http.get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/clusters")).isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/clusters/{id}/history")).isTrue();
        assertThat(docs.json().get("paths").get("/api/v1/clusters").has("post")).isTrue();
    }
}
