package io.ultron.sim.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.NovaStyleErrors;
import io.ultron.sim.http.Router;
import io.ultron.sim.http.ClusterScopedApi;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;

/** Nova v2.1, served below {@code /<cluster>/compute/v2.1}. */
public final class NovaApi extends ClusterScopedApi {

    private final Router router;

    public NovaApi() {
        router = new Router(path -> NovaStyleErrors.error(404, "The resource could not be found.", "computeFault"),
                call -> NovaStyleErrors.error(405, "The method is not allowed: " + call, "computeFault"));
        router.add("GET", "/v2.1", this::version);
        router.add("GET", "/v2.1/servers/detail",
                request -> SimResponse.ok(store().list(request.query(), "servers/detail", true, request.baseUrl())));
        router.add("GET", "/v2.1/servers",
                request -> SimResponse.ok(store().list(request.query(), "servers", false, request.baseUrl())));
        router.add("POST", "/v2.1/servers", request -> {
            ObjectNode created = store().create(request.json(), request.baseUrl());
            return SimResponse.accepted(created)
                    .header("Location", request.baseUrl() + "/servers/" + created.path("server").path("id").asText());
        });
        router.add("GET", "/v2.1/servers/{id}", request -> {
            ObjectNode json = Json.object();
            json.set("server", store().get(request.var("id"), request.baseUrl()));
            return SimResponse.ok(json);
        });
        router.add("PUT", "/v2.1/servers/{id}", request -> {
            ObjectNode json = Json.object();
            json.set("server", store().update(request.var("id"), request.json(), request.baseUrl()));
            return SimResponse.ok(json);
        });
        router.add("DELETE", "/v2.1/servers/{id}", request -> {
            store().delete(request.var("id"));
            return SimResponse.noContent();
        });
        router.add("POST", "/v2.1/servers/{id}/action", request -> {
            store().action(request.var("id"), request.json());
            return SimResponse.accepted(null);
        });
        router.add("GET", "/v2.1/servers/{id}/os-volume_attachments",
                request -> SimResponse.ok(store().attachments(request.var("id"))));
        router.add("POST", "/v2.1/servers/{id}/os-volume_attachments",
                request -> SimResponse.ok(store().attachVolume(request.var("id"), request.json())));
        router.add("GET", "/v2.1/servers/{id}/os-volume_attachments/{volume}",
                request -> SimResponse.ok(store().attachmentOf(request.var("id"), request.var("volume"))));
        router.add("DELETE", "/v2.1/servers/{id}/os-volume_attachments/{volume}", request -> {
            store().detachVolume(request.var("id"), request.var("volume"));
            return SimResponse.accepted(null);
        });
        router.add("GET", "/v2.1/servers/{id}/os-interface",
                request -> SimResponse.ok(store().interfaces(request.var("id"))));
        router.add("POST", "/v2.1/servers/{id}/os-interface",
                request -> SimResponse.ok(store().attachInterface(request.var("id"), request.json())));
        router.add("GET", "/v2.1/flavors/detail", request -> flavors(request, true));
        router.add("GET", "/v2.1/flavors", request -> flavors(request, false));
        router.add("GET", "/v2.1/flavors/{id}", request -> {
            Flavor flavor = Flavor.find(request.var("id"));
            if (flavor == null) {
                throw NovaStyleErrors.error(404, "Flavor " + request.var("id") + " could not be found.", "computeFault");
            }
            ObjectNode json = Json.object();
            json.set("flavor", ComputeStore.flavorJson(flavor, request.baseUrl(), true));
            return SimResponse.ok(json);
        });
        router.add("GET", "/v2.1/os-hypervisors/statistics", request -> {
            if (!cluster().settings().hypervisorStatistics()) {
                throw NovaStyleErrors.error(404, "The resource could not be found.", "computeFault");
            }
            return SimResponse.ok(store().statistics());
        });
        router.add("GET", "/v2.1/os-hypervisors/detail", request -> SimResponse.ok(store().hypervisors(true)));
        router.add("GET", "/v2.1/os-hypervisors", request -> SimResponse.ok(store().hypervisors(false)));
    }

    @Override
    protected Router router() {
        return router;
    }

    @Override
    public JsonNode errorBody(int status, String message) {
        return NovaStyleErrors.body(status, message, "computeFault");
    }

    private ComputeStore store() {
        return cluster().compute();
    }

    private SimResponse version(SimRequest request) {
        ObjectNode json = Json.object();
        ObjectNode version = json.putObject("version");
        version.put("id", "v2.1").put("status", "CURRENT").put("version", "2.95").put("min_version", "2.1")
                .put("updated", "2013-07-23T11:33:21Z");
        version.putArray("links").addObject().put("rel", "self").put("href", request.baseUrl() + "/");
        return SimResponse.ok(json);
    }

    private static SimResponse flavors(SimRequest request, boolean detail) {
        ObjectNode json = Json.object();
        ArrayNode flavors = json.putArray("flavors");
        Flavor.ALL.forEach(flavor -> flavors.add(ComputeStore.flavorJson(flavor, request.baseUrl(), detail)));
        return SimResponse.ok(json);
    }
}
