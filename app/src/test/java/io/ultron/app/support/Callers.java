package io.ultron.app.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys made over HTTP by the admin ({@link Http}'s default key): an Object Mother for callers. */
public final class Callers {

    /** A created key: its id, the key itself, and a client that sends it. */
    public record Caller(String id, String key, Http http) {
    }

    private Callers() {
    }

    public static Caller create(Http admin, String principal, String... roles) {
        return create(admin, principal, List.of(roles), List.of("tenant-a"), null);
    }

    public static Caller create(Http admin, String principal, List<String> roles, List<String> tenants, Instant expiresAt) {
        Map<String, Object> body = new HashMap<>(Map.of("principal", principal, "roles", roles, "tenants", tenants));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        var created = admin.post("/api/v1/admin/api-keys", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode json = created.json();
        return new Caller(json.get("id").asText(), json.get("key").asText(), admin.withKey(json.get("key").asText()));
    }
}
