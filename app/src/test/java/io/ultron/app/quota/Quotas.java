package io.ultron.app.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.compute.Images;
import io.ultron.app.support.Http;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Quota requests and answers over HTTP, for the quota tests. */
final class Quotas {

    private Quotas() {
    }

    /** PUT of the limits given as name, value pairs (e.g. "servers", 3); the others unlimited. */
    static JsonNode set(Http admin, String tenant, Object... limits) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < limits.length; i += 2) {
            body.put((String) limits[i], limits[i + 1]);
        }
        var answer = admin.put("/api/v1/tenants/" + tenant + "/quota", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    static JsonNode get(Http http, String tenant) {
        var answer = http.get("/api/v1/tenants/" + tenant + "/quota");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    static long used(Http http, String tenant, String resource) {
        return get(http, tenant).path("usage").path(resource).asLong();
    }

    /** A 422 quota-exceeded problem naming these numbers. */
    static void assertExceeded(Http.Response response, String resource, long limit, long used, long requested) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("code").asText()).isEqualTo("quota-exceeded");
        assertThat(problem.path("resource").asText()).isEqualTo(resource);
        assertThat(problem.path("limit").asLong()).isEqualTo(limit);
        assertThat(problem.path("used").asLong()).isEqualTo(used);
        assertThat(problem.path("requested").asLong()).isEqualTo(requested);
        assertThat(problem.path("detail").asText()).contains(resource);
    }

    static Map<String, Object> batch(String tenant, String vpc, String idc, String prefix, int count, String flavor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant);
        body.put("namePrefix", prefix);
        body.put("count", count);
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", flavor);
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "LOCAL");
        body.put("diskGb", 20);
        return body;
    }
}
