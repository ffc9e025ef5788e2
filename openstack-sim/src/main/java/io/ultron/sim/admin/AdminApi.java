package io.ultron.sim.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.Router;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;
import io.ultron.sim.network.AllocationPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** {@code /admin/...}: look inside the clusters and change how they behave. Never faulted or limited. */
public final class AdminApi {

    private final SimulatorAdmin admin;
    private final Router router;

    public AdminApi(SimulatorAdmin admin) {
        this.admin = admin;
        router = new Router(path -> error(404, "no admin resource " + path), call -> error(405, "not allowed: " + call));
        router.add("GET", "/clusters", request -> ok(admin.clusters()));
        router.add("GET", "/clusters/{name}", request -> ok(admin.cluster(request.var("name"))));
        router.add("PATCH", "/clusters/{name}", request -> ok(admin.patch(request.var("name"), request.json())));
        router.add("GET", "/clusters/{name}/servers", request -> ok(admin.servers(request.var("name"))));
        router.add("GET", "/clusters/{name}/ports", request -> ok(admin.ports(request.var("name"))));
        router.add("GET", "/clusters/{name}/networks", request -> ok(admin.networks(request.var("name"))));
        router.add("GET", "/clusters/{name}/subnets", request -> ok(admin.subnets(request.var("name"))));
        router.add("GET", "/clusters/{name}/volumes", request -> ok(admin.volumes(request.var("name"))));
        router.add("POST", "/clusters/{name}/servers/seed", request -> {
            List<String> created = admin.seedServers(request.var("name"), value(request.json(), ServerSeed.class));
            return ok(Map.of("created", created.size()));
        });
        router.add("GET", "/clusters/{name}/servers/{id}", request -> ok(admin.server(request.var("name"), request.var("id"))));
        router.add("DELETE", "/clusters/{name}/servers/{id}", request -> {
            admin.deleteServer(request.var("name"), request.var("id"));
            return SimResponse.noContent();
        });
        router.add("POST", "/clusters/{name}/servers/{id}/stop", request -> {
            fields(request.json());
            return ok(admin.stopServer(request.var("name"), request.var("id")));
        });
        router.add("POST", "/clusters/{name}/servers/{id}/break", request -> ok(admin.breakServer(request.var("name"),
                request.var("id"), text(fields(request.json(), "fault"), "fault"))));
        router.add("POST", "/clusters/{name}/servers/{id}/move", request -> ok(admin.moveServer(request.var("name"),
                request.var("id"), text(fields(request.json(), "host"), "host"))));
        router.add("DELETE", "/clusters/{name}/ports/{id}", request -> {
            admin.deletePort(request.var("name"), request.var("id"));
            return SimResponse.noContent();
        });
        router.add("DELETE", "/clusters/{name}/subnets/{id}", request -> {
            admin.deleteSubnet(request.var("name"), request.var("id"));
            return SimResponse.noContent();
        });
        router.add("PATCH", "/clusters/{name}/subnets/{id}", request -> ok(admin.replaceAllocationPools(
                request.var("name"), request.var("id"), pools(request.json()))));
        router.add("DELETE", "/clusters/{name}/tokens", request -> {
            admin.expireTokens(request.var("name"));
            return SimResponse.noContent();
        });
        router.add("GET", "/requests", request -> {
            String limit = request.queryParam("limit");
            return ok(admin.requests(request.queryParam("requestId"), request.queryParam("cluster"),
                    limit == null ? 1000 : Integer.parseInt(limit)));
        });
        router.add("DELETE", "/requests", request -> {
            admin.clearRequests();
            return SimResponse.noContent();
        });
    }

    public SimResponse handle(SimRequest request) {
        try {
            return router.route(request);
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage()).toResponse();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage()).toResponse();
        } catch (IllegalStateException e) {
            return error(409, e.getMessage()).toResponse();
        } catch (ApiException e) {
            // the router's own 404 and 405, or a store's refusal: same status, the admin API's shape
            return error(e.status(), e.message()).toResponse();
        }
    }

    /**
     * The body as an object holding no other fields than these; no body at all is an empty object.
     *
     * @throws IllegalArgumentException when it is not an object or has another field
     */
    private static JsonNode fields(JsonNode body, String... allowed) {
        if (body.isNull() || body.isMissingNode()) {
            return Json.object();
        }
        if (!body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        List<String> known = List.of(allowed);
        body.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new IllegalArgumentException("unknown field " + field + "; known: " + known);
            }
        });
        return body;
    }

    /** @return the field's text, or null when it is absent or null */
    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        return value.asText();
    }

    /** {"allocation_pools": [{"start": ..., "end": ...}, ...]}, as in a Neutron subnet update. */
    private static List<AllocationPool> pools(JsonNode body) {
        JsonNode pools = fields(body, "allocation_pools").get("allocation_pools");
        if (pools == null || !pools.isArray()) {
            throw new IllegalArgumentException("allocation_pools must be a list of {\"start\", \"end\"}");
        }
        List<AllocationPool> parsed = new ArrayList<>();
        pools.forEach(pool -> parsed.add(value(pool, AllocationPool.class)));
        return parsed;
    }

    /** Binds the JSON strictly (unknown fields refused); any failure is the deepest cause's message. */
    private static <T> T value(JsonNode json, Class<T> type) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, not " + json);
        }
        try {
            return Json.MAPPER.treeToValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException(cause.getMessage(), e);
        }
    }

    private static SimResponse ok(Object value) {
        JsonNode body = Json.MAPPER.valueToTree(value);
        return SimResponse.ok(body);
    }

    private static ApiException error(int status, String message) {
        return new ApiException(status, Json.object().put("error", message));
    }
}
