package io.ultron.app.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** VPCs and subnets made through the REST API, for tests that need somewhere to put addresses. */
public final class Networks {

    private Networks() {
    }

    public static String createVpc(Http http, String tenant, String name) {
        var created = http.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", tenant, "name", name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    public static String createSubnet(Http http, String vpc, String idc) {
        var created = http.post("/api/v1/vpcs/" + vpc + "/subnets", Map.of("idc", idc));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("id").asText();
    }

    /** The subnet's view once every one of its {@code clusters} pools is READY in Neutron. */
    public static JsonNode awaitPoolsReady(Http http, String subnetId, int clusters) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = http.get("/api/v1/subnets/" + subnetId);
            return response.status() == 200 ? response.json() : null;
        }, view -> view != null && view.get("pools").size() == clusters
                && StreamSupport.stream(view.get("pools").spliterator(), false)
                .allMatch(pool -> pool.get("provisioningStatus").asText().equals("READY")));
    }

    /** An RFC 7807 answer with this status and machine-readable code. */
    public static void assertProblem(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo(code);
    }
}
