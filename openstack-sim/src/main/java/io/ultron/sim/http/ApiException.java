package io.ultron.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An error answer in the shape of the service that raised it (Nova fault, NeutronError, ...). */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient JsonNode body;
    private final Map<String, String> headers;

    public ApiException(int status, JsonNode body) {
        this(status, body, Map.of());
    }

    public ApiException(int status, JsonNode body, Map<String, String> headers) {
        super(status + " " + body);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    public SimResponse toResponse() {
        SimResponse response = new SimResponse(status, body);
        headers.forEach(response::header);
        return response;
    }

    public int status() {
        return status;
    }

    /**
     * The message of the body, whatever its shape: {"itemNotFound": {"message"}} (Nova, Cinder),
     * {"NeutronError": {"message"}}, {"error": {"message"}} (Keystone) or {"error": "..."} (admin API);
     * the whole body when it has none.
     */
    public String message() {
        if (body == null) {
            return getMessage();
        }
        JsonNode message = body.findValue("message");
        if (message == null && body.path("error").isTextual()) {
            message = body.path("error");
        }
        return message == null ? body.toString() : message.asText();
    }
}
