package io.ultron.sim.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Matches "METHOD /a/{var}/b" patterns against the path segments below a service prefix. */
public final class Router {

    /** Handles one matched call. */
    @FunctionalInterface
    public interface Handler {
        SimResponse handle(SimRequest request);
    }

    private record Route(String method, String[] parts, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Function<String, ApiException> notFound;
    private final Function<String, ApiException> badMethod;

    /** The two factories build "no such path" / "wrong method" errors in the service's own shape. */
    public Router(Function<String, ApiException> notFound, Function<String, ApiException> badMethod) {
        this.notFound = notFound;
        this.badMethod = badMethod;
    }

    public Router add(String method, String pattern, Handler handler) {
        String trimmed = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("/");
        routes.add(new Route(method, parts, handler));
        return this;
    }

    public SimResponse route(SimRequest request) {
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> variables = match(route.parts, request.segments());
            if (variables == null) {
                continue;
            }
            pathMatched = true;
            if (route.method.equals(request.method())) {
                return route.handler.handle(request.withPathVariables(variables));
            }
        }
        String path = "/" + String.join("/", request.segments());
        throw pathMatched ? badMethod.apply(request.method() + " " + path) : notFound.apply(path);
    }

    private static Map<String, String> match(String[] parts, List<String> segments) {
        if (parts.length != segments.size()) {
            return null;
        }
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String segment = segments.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                variables.put(part.substring(1, part.length() - 1), segment);
            } else if (!part.equals(segment)) {
                return null;
            }
        }
        return variables;
    }
}
