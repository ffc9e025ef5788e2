package io.ultron.sim.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.Router;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;
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
