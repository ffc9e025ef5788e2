package io.ultron.app.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.OidcIssuer;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWTs from a real OIDC issuer ({@link OidcIssuer}: discovery document and JWK set over HTTP, RSA-signed tokens) on
 * a node configured with its URI and an audience: what a valid token's roles allow, whose name ends up as the actor,
 * and every way a token is refused (401 invalid_token, or 403 for roles that do not allow the route), beside API keys.
 */
@UltronIntegrationTest
class JwtIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final OidcIssuer issuer = OidcIssuer.start();

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("ultron.security.oidc.issuer-uri", issuer::uri);
        registry.add("ultron.security.oidc.audience", () -> OidcIssuer.AUDIENCE);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @Test
    void aMembersTokenChangesTenantResourcesAndItsUsernameIsTheActorWithoutAKeyId() throws Exception {
        Http alice = http.withKey(issuer.token("alice", List.of("member"), List.of("acme")));

        var created = alice.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "acme", "name", "alices-vpc"),
                "X-Actor", "mallory", "X-Request-Id", "jwt-create");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String vpc = created.json().get("id").asText();
        assertThat(alice.get("/api/v1/vpcs/" + vpc).status()).isEqualTo(200);

        JsonNode meta = metaData(vpc, "VpcCreatedEvent");
        assertThat(meta.get("actor").asText()).isEqualTo("alice");
        assertThat(meta.has("actorKeyId")).as("a person has no key id").isFalse();
        assertThat(meta.get("traceId").asText()).isEqualTo("jwt-create");
        assertThat(meta.toString()).doesNotContain("mallory");
    }

    @Test
    void withoutTheUsernameClaimTheSubjectIsTheActor() throws Exception {
        String token = issuer.token(null, List.of("member"), List.of("acme"), claims -> claims.subject("user-7f3a"));
        var created = http.withKey(token).post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "acme", "name", "subs-vpc"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertThat(metaData(created.json().get("id").asText(), "VpcCreatedEvent").get("actor").asText()).isEqualTo("user-7f3a");
    }

    @Test
    void aTokensTenantsClaimBoundsWhatThePersonSeesAndChanges() {
        Http alice = http.withKey(issuer.token("alice", List.of("member"), List.of("acme")));
        Http bruno = http.withKey(issuer.token("bruno", List.of("member"), List.of("globex")));
        var created = alice.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "acme", "name", "acme-only"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String vpc = created.json().get("id").asText();

        assertThat(bruno.get("/api/v1/vpcs/" + vpc).status()).isEqualTo(404);
        assertThat(bruno.get("/api/v1/vpcs").json()).extracting(v -> v.get("id").asText()).doesNotContain(vpc);
        assertThat(bruno.delete("/api/v1/vpcs/" + vpc).status()).isEqualTo(404);
        var foreign = bruno.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "acme", "name", "not-brunos"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("code").asText()).isEqualTo("tenant-forbidden");
        assertThat(alice.get("/api/v1/vpcs/" + vpc).status()).as("still there").isEqualTo(200);
    }

    @Test
    void aViewersTokenReadsButMayNotWrite() {
        Http viewer = http.withKey(issuer.token("victor", List.of("viewer"), List.of("acme")));

        assertThat(viewer.get("/api/v1/vpcs").status()).isEqualTo(200);
        var refused = viewer.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "acme", "name", "victors-vpc"),
                "X-Request-Id", "jwt-403");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(refused.json().get("traceId").asText()).isEqualTo("jwt-403");
    }

    @Test
    void aValidTokenWithoutAUsableRoleIsRefusedEverywhere() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no roles claim", issuer.token("nobody", null, List.of("acme")));
        tokens.put("only unknown roles", issuer.token("nobody", List.of("superuser", "ADMIN", "root"), List.of("acme")));
        tokens.put("roles not a list of strings", issuer.token("nobody", List.of(), List.of("acme"),
                claims -> claims.claim("roles", Map.of("admin", true))));
        for (var token : tokens.entrySet()) {
            Http caller = http.withKey(token.getValue());
            for (String path : List.of("/api/v1/vpcs", "/api/v1/clusters", "/api/v1/admin/api-keys", "/actuator/metrics")) {
                var answer = caller.get(path);
                assertThat(answer.status()).as(token.getKey() + " on " + path).isEqualTo(403);
                assertThat(answer.json().get("code").asText()).isEqualTo("forbidden");
            }
            assertThat(caller.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "acme", "name", "x")).status())
                    .as(token.getKey()).isEqualTo(403);
        }
    }

    @Test
    void invalidExpiredForeignAndWronglySignedTokensAre401InvalidToken() {
        Instant now = Instant.now();
        List<String> admin = List.of("admin");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", issuer.token("erin", admin, List.of(), claims -> claims
                .issueTime(Date.from(now.minusSeconds(3600))).notBeforeTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(600)))));
        tokens.put("not yet valid", issuer.token("erin", admin, List.of(), claims -> claims
                .notBeforeTime(Date.from(now.plusSeconds(600)))));
        tokens.put("another issuer", issuer.token("erin", admin, List.of(), claims -> claims.issuer("https://idp.example.net/realms/test")));
        tokens.put("another audience", issuer.token("erin", admin, List.of(), claims -> claims.audience("someone-else")));
        tokens.put("no audience", issuer.token("erin", admin, List.of(), claims -> claims.audience((String) null)));
        tokens.put("no principal", issuer.token(null, admin, List.of(), claims -> claims.subject(null)));
        tokens.put("signed by another key", issuer.signedByAnotherKey("erin", admin));
        String valid = issuer.token("erin", admin, List.of());
        String[] parts = valid.split("\\.");
        tokens.put("payload changed", parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2]);
        tokens.put("not a JWT at all", "abc.def.ghi");

        for (var token : tokens.entrySet()) {
            var answer = http.withKey(token.getValue()).get("/api/v1/clusters", "X-Request-Id", "jwt-401");
            assertThat(answer.status()).as(token.getKey()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).as(token.getKey()).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().get("code").asText()).isEqualTo("invalid-credentials");
            assertThat(answer.json().get("traceId").asText()).isEqualTo("jwt-401");
            assertThat(answer.body()).as(token.getKey()).doesNotContain(token.getValue());
        }
        assertThat(http.withKey(valid).get("/api/v1/clusters").status()).as("the same token unchanged").isEqualTo(200);
    }

    @Test
    void apiKeysWorkBesideTokensAndATokenIsNeverTakenForAKey() {
        assertThat(http.get("/api/v1/clusters").status()).as("the admin key").isEqualTo(200);
        var operator = Callers.create(http, "svc-ops", "operator");
        assertThat(operator.http().get("/api/v1/admin/dead-letters").status()).isEqualTo(200);
        assertThat(http.anonymous().get("/api/v1/clusters", "X-Api-Key", operator.key()).status()).isEqualTo(200);

        String token = issuer.token("alice", List.of("admin"), List.of());
        assertThat(http.anonymous().get("/api/v1/clusters", "X-Api-Key", token).status())
                .as("X-Api-Key carries keys only").isEqualTo(401);
        assertThat(http.anonymous().get("/api/v1/clusters").status()).isEqualTo(401);
    }

    @Test
    void tokensNeverAppearInTheLog() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try {
            String valid = issuer.token("lena", List.of("member"), List.of("acme"));
            String expired = issuer.token("lena", List.of("member"), List.of("acme"), claims -> claims
                    .expirationTime(Date.from(Instant.now().minusSeconds(600))));
            String vpc = Networks.createVpc(http.withKey(valid), "acme", "lenas-vpc");
            assertThat(http.withKey(valid).delete("/api/v1/vpcs/" + vpc).status()).isEqualTo(204);
            assertThat(http.withKey(expired).get("/api/v1/vpcs").status()).isEqualTo(401);

            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains(valid) || line.contains(expired)
                            || line.contains(valid.split("\\.")[2]) || line.contains(expired.split("\\.")[2]));
        } finally {
            root.detachAppender(logs);
        }
    }

    private JsonNode metaData(String aggregate, String eventType) throws Exception {
        byte[] metaData = jdbc.queryForObject("SELECT metaData FROM DomainEventEntry WHERE aggregateIdentifier = ? "
                + "AND payloadType LIKE ?", byte[].class, aggregate, "%" + eventType);
        return JSON.readTree(new String(metaData, StandardCharsets.UTF_8));
    }
}
