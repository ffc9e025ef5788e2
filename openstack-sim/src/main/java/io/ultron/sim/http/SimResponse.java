package io.ultron.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer: status, extra headers and an optional JSON body. */
public final class SimResponse {

    private final int status;
    private final JsonNode body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public SimResponse(int status, JsonNode body) {
        this.status = status;
        this.body = body;
    }

    public static SimResponse ok(JsonNode body) {
        return new SimResponse(200, body);
    }

    public static SimResponse created(JsonNode body) {
        return new SimResponse(201, body);
    }

    public static SimResponse accepted(JsonNode body) {
        return new SimResponse(202, body);
    }

    public static SimResponse noContent() {
        return new SimResponse(204, null);
    }

    public SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public JsonNode body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
