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
}
