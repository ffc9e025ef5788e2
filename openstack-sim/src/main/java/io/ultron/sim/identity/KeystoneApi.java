package io.ultron.sim.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.Router;
import io.ultron.sim.http.ClusterScopedApi;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;
import java.time.Instant;
import java.util.Map;

/** Keystone v3, served below {@code /<cluster>/identity/v3}: password and token authentication. */
public final class KeystoneApi extends ClusterScopedApi {

    private static final String AUTH_REQUIRED = "The request you have made requires authentication.";

    private final Router router;

    public KeystoneApi() {
        router = new Router(path -> error(404, "Could not find resource: " + path),
                call -> error(405, "The method is not allowed: " + call));
        router.add("GET", "/v3", this::version);
        router.add("POST", "/v3/auth/tokens", this::issue);
        router.add("GET", "/v3/auth/tokens", this::validate);
        router.add("HEAD", "/v3/auth/tokens", this::validate);
        router.add("DELETE", "/v3/auth/tokens", this::revoke);
    }

    @Override
    protected Router router() {
        return router;
    }

    @Override
    public JsonNode errorBody(int status, String message) {
        ObjectNode json = Json.object();
        json.putObject("error").put("code", status).put("message", message).put("title", title(status));
        return json;
    }

    /** The 401 every service answers for a missing, unknown or expired token (keystonemiddleware's body). */
    public static ApiException unauthorized(Cluster cluster) {
        ObjectNode json = Json.object();
        json.putObject("error").put("code", 401).put("message", AUTH_REQUIRED).put("title", "Unauthorized");
        return new ApiException(401, json, Map.of("WWW-Authenticate", "Keystone uri=\"" + cluster.keystoneUrl() + "\""));
    }

    private ApiException error(int status, String message) {
        return new ApiException(status, errorBody(status, message));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    private SimResponse version(SimRequest request) {
        ObjectNode json = Json.object();
        ObjectNode version = json.putObject("version");
        version.put("id", "v3.14").put("status", "stable").put("updated", "2020-04-07T00:00:00Z");
        version.putArray("links").addObject().put("rel", "self").put("href", request.baseUrl() + "/");
        return SimResponse.ok(json);
    }

    private SimResponse issue(SimRequest request) {
        Cluster cluster = cluster();
        JsonNode identity = request.json().path("auth").path("identity");
        JsonNode methods = identity.path("methods");
        if (!methods.isArray() || methods.isEmpty()) {
            throw error(400, "Invalid input for field 'identity': 'methods' is a required property");
        }
        String method = methods.get(0).asText();
        if (method.equals("password")) {
            checkPassword(cluster, identity.path("password").path("user"));
        } else if (method.equals("token")) {
            if (!cluster.tokens().isValid(identity.path("token").path("id").asText(null), cluster.now())) {
                throw error(401, AUTH_REQUIRED);
            }
        } else {
            throw error(401, "Attempted to authenticate with an unsupported method.");
        }
        JsonNode scope = request.json().path("auth").path("scope");
        boolean scoped = !scope.isMissingNode() && !scope.isNull();
        if (scoped) {
            checkProject(cluster, scope.path("project"));
        }
        Instant issuedAt = cluster.now();
        Instant expiresAt = issuedAt.plusSeconds(cluster.settings().tokenTtlSeconds());
        String token = cluster.tokens().issue(expiresAt, issuedAt);
        return SimResponse.created(tokenBody(cluster, method, issuedAt, expiresAt, scoped))
                .header("X-Subject-Token", token);
    }

    private void checkPassword(Cluster cluster, JsonNode user) {
        String name = user.path("name").asText(null);
        String id = user.path("id").asText(null);
        boolean userMatches = cluster.username().equals(name) || cluster.userId().equals(id);
        boolean domainMatches = id != null || domainMatches(user.path("domain"));
        if (!userMatches || !domainMatches || !cluster.password().equals(user.path("password").asText(null))) {
            // Keystone never says which part was wrong.
            throw error(401, AUTH_REQUIRED);
        }
    }

    private void checkProject(Cluster cluster, JsonNode project) {
        boolean matches = cluster.projectId().equals(project.path("id").asText(null))
                || (cluster.projectName().equals(project.path("name").asText(null)) && domainMatches(project.path("domain")));
        if (!matches) {
            throw error(401, AUTH_REQUIRED);
        }
    }

    private static boolean domainMatches(JsonNode domain) {
        if (domain.isMissingNode() || domain.isNull()) {
            return false;
        }
        return Cluster.DOMAIN_ID.equals(domain.path("id").asText(null))
                || Cluster.DOMAIN_NAME.equals(domain.path("name").asText(null));
    }

    private SimResponse validate(SimRequest request) {
        Cluster cluster = cluster();
        if (!cluster.tokens().isValid(request.authToken(), cluster.now())) {
            throw unauthorized(cluster);
        }
        String subject = request.subjectToken();
        if (!cluster.tokens().isValid(subject, cluster.now())) {
            throw error(404, "Could not find token: " + subject + ".");
        }
        Instant expiresAt = cluster.tokens().expiry(subject);
        Instant issuedAt = expiresAt.minusSeconds(cluster.settings().tokenTtlSeconds());
        return SimResponse.ok(tokenBody(cluster, "password", issuedAt, expiresAt, true)).header("X-Subject-Token", subject);
    }

    private SimResponse revoke(SimRequest request) {
        Cluster cluster = cluster();
        if (!cluster.tokens().isValid(request.authToken(), cluster.now())) {
            throw unauthorized(cluster);
        }
        cluster.tokens().revoke(request.subjectToken());
        return SimResponse.noContent();
    }

    private ObjectNode tokenBody(Cluster cluster, String method, Instant issuedAt, Instant expiresAt, boolean scoped) {
        ObjectNode json = Json.object();
        ObjectNode token = json.putObject("token");
        token.putArray("methods").add(method);
        ObjectNode user = token.putObject("user");
        user.putObject("domain").put("id", Cluster.DOMAIN_ID).put("name", Cluster.DOMAIN_NAME);
        user.put("id", cluster.userId()).put("name", cluster.username()).put("password_expires_at", (String) null);
        token.putArray("audit_ids").add(cluster.newId().substring(0, 22));
        token.put("issued_at", Json.microsZulu(issuedAt));
        token.put("expires_at", Json.microsZulu(expiresAt));
        if (!scoped) {
            return json;
        }
        ObjectNode project = token.putObject("project");
        project.putObject("domain").put("id", Cluster.DOMAIN_ID).put("name", Cluster.DOMAIN_NAME);
        project.put("id", cluster.projectId()).put("name", cluster.projectName());
        token.put("is_domain", false);
        ArrayNode roles = token.putArray("roles");
        roles.addObject().put("id", "5f2f1d0c0e0d4d8a9a3b1c2d3e4f5a6b").put("name", "admin");
        roles.addObject().put("id", "9fe2ff9ee4384b1894a90878d3e92bab").put("name", "member");
        roles.addObject().put("id", "8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a").put("name", "reader");
        ArrayNode catalog = token.putArray("catalog");
        String base = cluster.baseUrl();
        service(catalog, cluster, "identity", "keystone", base + "/identity/v3");
        service(catalog, cluster, "compute", "nova", base + "/compute/v2.1");
        service(catalog, cluster, "network", "neutron", base + "/network");
        service(catalog, cluster, "volumev3", "cinderv3", base + "/volume/v3/" + cluster.projectId());
        service(catalog, cluster, "image", "glance", base + "/image");
        return json;
    }

    private static void service(ArrayNode catalog, Cluster cluster, String type, String name, String url) {
        ObjectNode service = catalog.addObject();
        ArrayNode endpoints = service.putArray("endpoints");
        String region = cluster.settings().region();
        for (String face : new String[] {"public", "internal", "admin"}) {
            endpoints.addObject()
                    .put("id", Integer.toHexString((cluster.name() + type + face).hashCode()))
                    .put("interface", face)
                    .put("region", region)
                    .put("region_id", region)
                    .put("url", url);
        }
        service.put("id", Integer.toHexString((cluster.name() + type).hashCode()));
        service.put("type", type);
        service.put("name", name);
    }
}
