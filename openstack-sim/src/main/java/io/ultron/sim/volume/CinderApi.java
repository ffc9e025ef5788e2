package io.ultron.sim.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.NovaStyleErrors;
import io.ultron.sim.http.Router;
import io.ultron.sim.http.ClusterScopedApi;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;

/** Cinder v3, served below {@code /<cluster>/volume/v3/<project_id>}. */
public final class CinderApi extends ClusterScopedApi {

    private final Router router;

    public CinderApi() {
        router = new Router(path -> NovaStyleErrors.error(404, "The resource could not be found.", "computeFault"),
                call -> NovaStyleErrors.error(405, "The method is not allowed: " + call, "computeFault"));
        router.add("GET", "/v3/{project}/volumes/detail", request -> list(request, true));
        router.add("GET", "/v3/{project}/volumes", request -> list(request, false));
        router.add("POST", "/v3/{project}/volumes", request -> {
            ObjectNode json = Json.object();
            json.set("volume", store(request).create(request.json()));
            return SimResponse.accepted(json);
        });
        router.add("GET", "/v3/{project}/volumes/{id}", request -> {
            ObjectNode json = Json.object();
            json.set("volume", store(request).get(request.var("id")));
            return SimResponse.ok(json);
        });
        router.add("DELETE", "/v3/{project}/volumes/{id}", request -> {
            store(request).delete(request.var("id"));
            return SimResponse.accepted(null);
        });
    }

    @Override
    protected Router router() {
        return router;
    }

    @Override
    public JsonNode errorBody(int status, String message) {
        return NovaStyleErrors.body(status, message, "computeFault");
    }

    /** The project in the path must be the token's project, as Cinder enforces by policy. */
    private VolumeStore store(SimRequest request) {
        Cluster cluster = cluster();
        if (!cluster.projectId().equals(request.var("project"))) {
            throw NovaStyleErrors.error(403, "Policy doesn't allow this operation on project "
                    + request.var("project") + ".", "computeFault");
        }
        return cluster.volumes();
    }

    private SimResponse list(SimRequest request, boolean detail) {
        ObjectNode json = Json.object();
        ArrayNode volumes = json.putArray("volumes");
        String status = request.queryParam("status");
        String name = request.queryParam("name");
        for (ObjectNode volume : store(request).list()) {
            if ((status == null || status.equalsIgnoreCase(volume.path("status").asText()))
                    && (name == null || name.equals(volume.path("name").asText()))) {
                volumes.add(detail ? volume : Json.object().put("id", volume.path("id").asText())
                        .put("name", volume.path("name").asText(null)).set("links", volume.path("links")));
            }
        }
        return SimResponse.ok(json);
    }
}
