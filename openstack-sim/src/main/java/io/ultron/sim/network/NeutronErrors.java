package io.ultron.sim.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;

/** Neutron's error body: {"NeutronError": {"type", "message", "detail"}}. */
public final class NeutronErrors {

    private NeutronErrors() {
    }

    public static ApiException error(int status, String type, String message) {
        ObjectNode error = Json.object();
        error.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
        return new ApiException(status, error);
    }

    public static ApiException badRequest(String message) {
        return error(400, "HTTPBadRequest", message);
    }

    public static ApiException invalidInput(String message) {
        return error(400, "InvalidInput", "Invalid input for operation: " + message);
    }

    public static ApiException notFound(String type, String message) {
        return error(404, type, message);
    }
}
