package io.ultron.sim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Nova and Cinder wrap errors the same way: {"itemNotFound": {"code": 404, "message": "..."}}. */
public final class NovaStyleErrors {

    private NovaStyleErrors() {
    }

    public static ObjectNode body(int status, String message, String serverErrorName) {
        String name = switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> serverErrorName;
        };
        ObjectNode json = Json.object();
        json.putObject(name).put("code", status).put("message", message);
        return json;
    }

    public static ApiException error(int status, String message, String serverErrorName) {
        return new ApiException(status, body(status, message, serverErrorName));
    }
}
