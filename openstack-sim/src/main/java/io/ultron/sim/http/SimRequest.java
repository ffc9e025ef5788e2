package io.ultron.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call as a service sees it: the path below the service prefix, the query, the body.
 * {@code baseUrl} is the service's own catalog URL, for links and Location headers.
 */
public record SimRequest(
        String method,
        List<String> segments,
        Map<String, List<String>> query,
        JsonNode body,
        Map<String, String> pathVariables,
        String baseUrl,
        String authToken,
        String subjectToken) {

    public static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String var(String name) {
        return pathVariables.get(name);
    }

    /** The body, or a JSON null when the call had none. */
    public JsonNode json() {
        return body == null ? NullNode.instance : body;
    }

    public SimRequest withPathVariables(Map<String, String> variables) {
        return new SimRequest(method, segments, query, body, variables, baseUrl, authToken, subjectToken);
    }
}
