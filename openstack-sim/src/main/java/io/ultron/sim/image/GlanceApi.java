package io.ultron.sim.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.Router;
import io.ultron.sim.http.ClusterScopedApi;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;

/** Glance v2 (read only), served below {@code /<cluster>/image/v2}. */
public final class GlanceApi extends ClusterScopedApi {

    private final Router router;

    public GlanceApi() {
        router = new Router(path -> error(404, "The resource could not be found."),
                call -> error(405, "The method is not allowed for this resource."));
        router.add("GET", "/v2/images", this::list);
        router.add("GET", "/v2/images/{id}", this::get);
    }

    @Override
    protected Router router() {
        return router;
    }

    @Override
    public JsonNode errorBody(int status, String message) {
        return Json.object().put("code", status).put("title", title(status)).put("message", message);
    }

    private SimResponse list(SimRequest request) {
        ImageCatalog catalog = cluster().images();
        ObjectNode json = Json.object();
        ArrayNode images = json.putArray("images");
        String name = request.queryParam("name");
        catalog.all().stream()
                .filter(image -> name == null || image.name().equals(name))
                .forEach(image -> images.add(catalog.json(image)));
        json.put("first", "/v2/images");
        json.put("schema", "/v2/schemas/images");
        return SimResponse.ok(json);
    }

    private SimResponse get(SimRequest request) {
        ImageCatalog catalog = cluster().images();
        ImageCatalog.Image image = catalog.find(request.var("id"));
        if (image == null) {
            throw error(404, "No image found with ID " + request.var("id"));
        }
        return SimResponse.ok(catalog.json(image));
    }

    private ApiException error(int status, String message) {
        return new ApiException(status, errorBody(status, message));
    }

    private static String title(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
