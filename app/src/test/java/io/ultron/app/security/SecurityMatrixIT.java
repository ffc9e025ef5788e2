package io.ultron.app.security;

import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Http;
import io.ultron.app.support.OidcIssuer;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every {@code /api/v1} route the application maps (read from its own {@link RequestMappingHandlerMapping}) against
 * every kind of caller: no credentials, a wrong, an expired and a revoked key, an expired JWT and one signed by a key
 * the issuer does not publish (401), and each role by API key, and admin and viewer by a JWT from the node's OIDC
 * issuer ({@link OidcIssuer}) (403 where the role's rule does not allow the route, anything but 401/403 where it does). A route without a rule in {@link #RULES}
 * fails the test, and so does a rule for a route that no longer exists. Bodies are harmless ({@code {}}, unknown
 * ids): the point is the security decision, not the handler's. The other-tenant column, which needs real resources,
 * is {@code TenantIsolationIT}'s, generated from the same mappings.
 */
@UltronIntegrationTest
class SecurityMatrixIT extends ApiIntegrationTest {

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

    private static final Set<String> EVERY_ROLE = Set.of("admin", "operator", "member", "viewer");
    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> OPERATIONS = Set.of("admin", "operator");
    private static final Set<String> TENANT_CHANGES = Set.of("admin", "member");

    /** "METHOD pattern" → the roles that may call it. */
    private static final Map<String, Set<String>> RULES = rules();

    private static Map<String, Set<String>> rules() {
        Map<String, Set<String>> rules = new LinkedHashMap<>();
        for (String read : List.of("/api/v1/clusters", "/api/v1/clusters/{id}", "/api/v1/clusters/{id}/history",
                "/api/v1/clusters/{id}/history/export", "/api/v1/vpcs", "/api/v1/vpcs/{id}", "/api/v1/vpcs/{id}/history",
                "/api/v1/vpcs/{id}/history/export", "/api/v1/vpcs/{id}/subnets", "/api/v1/subnets/{id}",
                "/api/v1/subnets/{id}/history", "/api/v1/subnets/{id}/ips", "/api/v1/ip-pools", "/api/v1/ips/{address}",
                "/api/v1/servers", "/api/v1/servers/{id}", "/api/v1/servers/{id}/history", "/api/v1/servers/{id}/history/export",
                "/api/v1/batches/{id}", "/api/v1/batches/{id}/servers", "/api/v1/batches/{id}/history",
                "/api/v1/batches/{id}/history/export", "/api/v1/traces/{traceId}", "/api/v1/traces/{traceId}/export")) {
            rules.put("GET " + read, EVERY_ROLE);
        }
        rules.put("POST /api/v1/clusters", ADMIN);
        rules.put("PATCH /api/v1/clusters/{id}", ADMIN);
        rules.put("POST /api/v1/clusters/{id}/drain", OPERATIONS);
        rules.put("POST /api/v1/clusters/{id}/enable", OPERATIONS);
        rules.put("POST /api/v1/vpcs", TENANT_CHANGES);
        rules.put("DELETE /api/v1/vpcs/{id}", TENANT_CHANGES);
        rules.put("POST /api/v1/vpcs/{id}/subnets", TENANT_CHANGES);
        rules.put("DELETE /api/v1/subnets/{id}", TENANT_CHANGES);
        rules.put("POST /api/v1/subnets/{id}/ips", TENANT_CHANGES);
        rules.put("DELETE /api/v1/subnets/{id}/ips/{address}", TENANT_CHANGES);
        rules.put("POST /api/v1/servers", TENANT_CHANGES);
        rules.put("DELETE /api/v1/servers/{id}", TENANT_CHANGES);
        rules.put("POST /api/v1/servers/{id}/actions", TENANT_CHANGES);
        rules.put("POST /api/v1/batches", TENANT_CHANGES);
        // what sync found that Ultron does not own: fleet information, and adoption is an admin's
        for (String drift : List.of("/api/v1/drift", "/api/v1/drift/servers/{id}", "/api/v1/drift/servers/{id}/history",
                "/api/v1/drift/ports/{id}/history")) {
            rules.put("GET " + drift, OPERATIONS);
        }
        rules.put("POST /api/v1/drift/servers/{id}/adopt", ADMIN);
        rules.put("GET /api/v1/admin/dead-letters", OPERATIONS);
        rules.put("POST /api/v1/admin/dead-letters/{processingGroup}/retry", OPERATIONS);
        rules.put("GET /api/v1/admin/projections/{name}/rebuild", OPERATIONS);
        rules.put("POST /api/v1/admin/projections/{name}/rebuild", ADMIN);
        rules.put("GET /api/v1/admin/api-keys", ADMIN);
        rules.put("POST /api/v1/admin/api-keys", ADMIN);
        rules.put("DELETE /api/v1/admin/api-keys/{id}", ADMIN);
        rules.put("GET /api/v1/tenants/{tenant}/quota", OPERATIONS); // members and viewers: their own tenants only, not matrix-none (403)
        rules.put("PUT /api/v1/tenants/{tenant}/quota", ADMIN);
        return rules;
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Route(String method, String pattern) {
        String key() {
            return method + " " + pattern;
        }

        /** The pattern with harmless values: ids nothing has, an address nobody holds. */
        String path() {
            return pattern.replace("{address}", "192.0.2.1").replace("{name}", "no-such-view")
                    .replace("{processingGroup}", "no-such-group").replaceAll("\\{[^}]+}", "matrix-none");
        }
    }

    @Test
    void everyRouteAnswersEveryCallerAsItsRuleSays() {
        List<Route> routes = apiRoutes();
        assertThat(routes).as("routes found in the request mappings").hasSizeGreaterThan(40);
        assertThat(routes.stream().map(Route::key).filter(key -> !RULES.containsKey(key)).toList())
                .as("routes without a rule in this test's table").isEmpty();
        assertThat(new TreeSet<>(RULES.keySet())).as("rules for routes that no longer exist")
                .isSubsetOf(routes.stream().map(Route::key).toList());

        Map<String, Http> refused = new LinkedHashMap<>();
        refused.put("no credentials", http.anonymous());
        refused.put("wrong key", http.withKey("ultron_thisKeyWasNeverIssuedByAnyoneAtAll"));
        refused.put("expired key", expiredKey());
        refused.put("revoked key", revokedKey());
        refused.put("expired token", http.withKey(issuer.token("matrix-expired", List.of("admin"), List.of(), claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(3600))).expirationTime(Date.from(Instant.now().minusSeconds(600))))));
        refused.put("token signed by another key", http.withKey(issuer.signedByAnotherKey("matrix-forged", List.of("admin"))));
        // caller → its role
        Map<String, String> roleOf = new LinkedHashMap<>();
        Map<String, Http> roles = new LinkedHashMap<>();
        roles.put("admin", http);
        for (String role : List.of("operator", "member", "viewer")) {
            roles.put(role, Callers.create(http, "matrix-" + role, role).http());
        }
        roles.keySet().forEach(role -> roleOf.put(role, role));
        for (String role : List.of("admin", "viewer")) {
            roles.put(role + " token", http.withKey(issuer.token("matrix-person-" + role, List.of(role), List.of("tenant-a"))));
            roleOf.put(role + " token", role);
        }

        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            for (var caller : refused.entrySet()) {
                var answer = call(caller.getValue(), route);
                if (answer.status() != 401 || !"Bearer".equals(answer.header("WWW-Authenticate").split(" ")[0])) {
                    wrong.add(route.key() + " as " + caller.getKey() + ": " + answer.status() + ", expected 401 with WWW-Authenticate");
                }
            }
            for (var caller : roles.entrySet()) {
                var answer = call(caller.getValue(), route);
                boolean allowed = RULES.get(route.key()).contains(roleOf.get(caller.getKey()));
                boolean refusedBySecurity = answer.status() == 401 || answer.status() == 403;
                if (allowed == refusedBySecurity || (!allowed && answer.status() != 403)) {
                    wrong.add(route.key() + " as " + caller.getKey() + ": " + answer.status() + (allowed ? ", expected not 401/403" : ", expected 403"));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void refusalsAreProblemsWithTheTraceId() {
        var unauthenticated = http.anonymous().get("/api/v1/clusters", "X-Request-Id", "matrix-401");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(unauthenticated.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unauthenticated.json().get("traceId").asText()).isEqualTo("matrix-401");
        assertThat(unauthenticated.json().get("code").asText()).isEqualTo("unauthenticated");

        var invalid = http.withKey("ultron_thisKeyWasNeverIssuedByAnyoneAtAll").get("/api/v1/clusters", "X-Request-Id", "matrix-401b");
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(invalid.json().get("traceId").asText()).isEqualTo("matrix-401b");
        assertThat(invalid.body()).doesNotContain("ultron_thisKeyWasNeverIssuedByAnyoneAtAll");

        Http viewer = Callers.create(http, "matrix-viewer-2", "viewer").http();
        var forbidden = viewer.post("/api/v1/clusters", "{}", "X-Request-Id", "matrix-403");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forbidden.json().get("traceId").asText()).isEqualTo("matrix-403");
        assertThat(forbidden.json().get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void healthAndTheApiDocumentStayOpenTheRestOfActuatorIsForAdmins() {
        Http viewer = Callers.create(http, "matrix-viewer-3", "viewer").http();
        var health = http.anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(http.withKey("ultron_thisKeyWasNeverIssuedByAnyoneAtAll").get("/actuator/health").status())
                .as("credentials are ignored there").isEqualTo(200);
        var apiDocs = http.anonymous().get("/v3/api-docs");
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.body()).as("the caller's tenant scope is not a request parameter").contains("/api/v1/vpcs")
                .doesNotContain("everyTenant");
        assertThat(http.anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);

        for (String endpoint : List.of("/actuator/metrics", "/actuator/info", "/actuator/prometheus", "/actuator/no-such-endpoint")) {
            assertThat(http.anonymous().get(endpoint).status()).as(endpoint).isEqualTo(401);
            assertThat(viewer.get(endpoint).status()).as(endpoint).isEqualTo(403);
        }
        assertThat(http.get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(http.get("/actuator/info").status()).isEqualTo(200);
    }

    private List<Route> apiRoutes() {
        List<Route> routes = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/v1/")) {
                    (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                            .forEach(method -> routes.add(new Route(method.name(), pattern)));
                }
            }
        });
        return routes;
    }

    private static Http.Response call(Http caller, Route route) {
        return switch (route.method()) {
            case "GET" -> caller.get(route.path());
            case "DELETE" -> caller.delete(route.path());
            case "POST" -> caller.post(route.path(), "{}");
            case "PATCH" -> caller.patch(route.path(), "{}");
            case "PUT" -> caller.put(route.path(), "{}");
            default -> throw new AssertionError("no harmless request for " + route.key());
        };
    }

    private Http expiredKey() {
        Http expiring = Callers.create(http, "matrix-expired", List.of("admin"), List.of(), Instant.now().plusSeconds(1)).http();
        await().atMost(Duration.ofSeconds(5)).until(() -> expiring.get("/api/v1/clusters").status() == 401);
        return expiring;
    }

    private Http revokedKey() {
        var revoked = Callers.create(http, "matrix-revoked", "admin");
        assertThat(http.delete("/api/v1/admin/api-keys/" + revoked.id()).status()).isEqualTo(204);
        return revoked.http();
    }
}
