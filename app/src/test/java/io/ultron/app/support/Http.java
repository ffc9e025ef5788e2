package io.ultron.app.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A plain HTTP client for tests: real requests, raw bodies allowed, nothing thrown on 4xx/5xx. It sends the test
 * nodes' admin key ({@link FreshDatabase#ADMIN_KEY}) unless a request names its own {@code Authorization} or
 * {@code X-Api-Key}, or the client was made {@link #withKey with another key} or {@link #anonymous without one}.
 */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String key;

    public Http(int port) {
        this("http://127.0.0.1:" + port, FreshDatabase.ADMIN_KEY);
    }

    private Http(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    /** The same server, called with {@code key} as {@code Authorization: Bearer <key>}. */
    public Http withKey(String key) {
        return new Http(baseUrl, key);
    }

    /** The same server, called without credentials. */
    public Http anonymous() {
        return new Http(baseUrl, null);
    }

    public Response get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Response delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    public Response post(String path, Object body, String... headers) {
        return send(withJsonType(request(path, headers), headers).POST(body(body)));
    }

    public Response put(String path, Object body, String... headers) {
        return send(withJsonType(request(path, headers), headers).PUT(body(body)));
    }

    public Response patch(String path, Object body, String... headers) {
        return send(withJsonType(request(path, headers), headers).method("PATCH", body(body)));
    }

    private static HttpRequest.Builder withJsonType(HttpRequest.Builder builder, String... headers) {
        return names(headers, "Content-Type") ? builder : builder.header("Content-Type", "application/json");
    }

    private HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        if (key != null && !names(headers, "Authorization") && !names(headers, "X-Api-Key")) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private static boolean names(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        if (body instanceof String raw) {
            return HttpRequest.BodyPublishers.ofString(raw);
        }
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            if (body == null || body.isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }
}
