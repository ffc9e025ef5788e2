package io.ultron.app.web;

import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A request body's text fields take text only, without control characters or bidirectional overrides. */
@UltronIntegrationTest
class StrictRequestJsonIT extends ApiIntegrationTest {

    @Test
    void aNumberOrBooleanWhereTextIsExpectedIs400AndStoresNothing() {
        assertRefused(Map.of("area", "beijing", "tenant", 12345, "name", "numbers"), "tenant");
        assertRefused(Map.of("area", "beijing", "tenant", "acme", "name", 1.5), "name");
        assertRefused(Map.of("area", true, "tenant", "acme", "name", "booleans"), "area");
        assertThat(http.get("/api/v1/vpcs").body()).doesNotContain("numbers").doesNotContain("booleans");
    }

    @Test
    void controlCharactersAndBidiOverridesInTextAre400AndStoreNothing() {
        assertRefused(Map.of("area", "beijing", "tenant", "acme", "name", "nul\u0000name"), "name");
        assertRefused(Map.of("area", "beijing", "tenant", "acme", "name", "line\nbreak"), "name");
        assertRefused(Map.of("area", "beijing", "tenant", "ac\u202Eme", "name", "bidi"), "tenant");
        assertRefused(Map.of("area", "beijing", "tenant", "acme", "name", "isolate\u2066x"), "name");
        assertThat(http.get("/api/v1/vpcs").body()).doesNotContain("nul").doesNotContain("bidi").doesNotContain("isolate");

        var plain = http.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "acme", "name", "plain-名字 ok"));
        assertThat(plain.status()).as(plain.body()).isEqualTo(201);
    }

    private void assertRefused(Map<String, Object> body, String field) {
        var response = http.post("/api/v1/vpcs", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo("invalid-body");
        assertThat(response.json().get("detail").asText()).contains("'" + field + "'");
    }
}
