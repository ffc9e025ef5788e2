package io.ultron.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ultron.sim.admin.AdminApi;
import io.ultron.sim.admin.RequestLog;
import io.ultron.sim.admin.RequestRecord;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.cluster.FaultInjector;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.ServiceApi;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;
import io.ultron.sim.identity.KeystoneApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP exchange into a call of one cluster's service: rate limit, injected faults,
 * token check, the service itself, then the answer after the cluster's latency. Answers are
 * sent from a timer, so a slow or held answer never ties up a worker thread.
 */
final class Dispatcher implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** oslo.middleware only keeps a caller's id in exactly this form. */
    private static final Pattern GLOBAL_REQUEST_ID =
            Pattern.compile("req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Map<String, Cluster> clusters;
    private final Map<String, ServiceApi> services;
    private final AdminApi admin;
    private final RequestLog requestLog;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;

    Dispatcher(Map<String, Cluster> clusters, Map<String, ServiceApi> services, AdminApi admin, RequestLog requestLog,
               ScheduledExecutorService scheduler, Executor workers) {
        this.clusters = clusters;
        this.services = services;
        this.admin = admin;
        this.requestLog = requestLog;
        this.scheduler = scheduler;
        this.workers = workers;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            dispatch(exchange);
        } catch (RuntimeException | IOException e) {
            LOG.warn("request {} failed", exchange.getRequestURI(), e);
            send(exchange, new SimResponse(500, Json.object().put("error", String.valueOf(e.getMessage()))));
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> segments = segments(exchange.getRequestURI().getRawPath());
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> query = SimRequest.parseQuery(exchange.getRequestURI().getRawQuery());
        if (segments.isEmpty()) {
            send(exchange, SimResponse.ok(Json.MAPPER.valueToTree(Map.of("clusters", clusters.keySet()))));
            return;
        }
        if (segments.get(0).equals("admin")) {
            JsonNode body;
            try {
                body = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                send(exchange, new SimResponse(400, Json.object().put("error", "malformed JSON: " + e.getMessage())));
                return;
            }
            SimRequest request = new SimRequest(method, segments.subList(1, segments.size()), query, body, Map.of(),
                    "", null, null);
            send(exchange, admin.handle(request));
            return;
        }
        Cluster cluster = clusters.get(segments.get(0));
        ServiceApi api = segments.size() < 2 ? null : services.get(segments.get(1));
        if (cluster == null || api == null) {
            send(exchange, new SimResponse(404, Json.object().put("error", "no cluster or service at this path")));
            return;
        }
        String service = segments.get(1);
        String requestId = "req-" + UUID.randomUUID();
        String incoming = exchange.getRequestHeaders().getFirst("X-OpenStack-Request-ID");
        String globalRequestId = incoming != null && GLOBAL_REQUEST_ID.matcher(incoming).matches() ? incoming : null;
        long delay = cluster.between(cluster.settings().latencyMinMillis(), cluster.settings().latencyMaxMillis());

        SimRequest request = null;
        SimResponse response = null;
        String outcome = "ok";
        try {
            request = new SimRequest(method, segments.subList(2, segments.size()), query,
                    bytes.length == 0 ? null : Json.MAPPER.readTree(bytes), Map.of(), serviceUrl(cluster, service),
                    exchange.getRequestHeaders().getFirst("X-Auth-Token"),
                    exchange.getRequestHeaders().getFirst("X-Subject-Token"));
        } catch (IOException e) {
            response = new SimResponse(400, api.errorBody(400, "Malformed request body"));
            outcome = "malformed";
        }
        // Keystone stays reachable, so clients can always authenticate; faults hit the services.
        if (response == null && !service.equals("identity")) {
            long retryAfter = cluster.rateLimiter().tryAcquire(cluster.settings().rateLimitPerSecond(), cluster.nowMillis());
            FaultInjector.Decision decision = retryAfter > 0 ? null : cluster.faults().decide(cluster.settings(), cluster);
            if (retryAfter == 0 && decision instanceof FaultInjector.Pass && cluster.faults().losesDelete(method)) {
                response = new SimResponse(404, api.errorBody(404, "The resource could not be found."));
                outcome = "injected-lost-delete";
            } else if (retryAfter > 0) {
                response = new SimResponse(429, api.errorBody(429, "Rate limit exceeded, retry after "
                        + seconds(retryAfter) + " seconds."))
                        .header("Retry-After", String.valueOf(seconds(retryAfter)));
                outcome = "rate-limited";
            } else if (decision instanceof FaultInjector.Fail fail) {
                response = new SimResponse(fail.status(), api.errorBody(fail.status(), fail.status() == 503
                        ? "The server is currently unavailable. Please try again at a later time."
                        : "Unexpected API Error. Please report this at http://bugs.launchpad.net/ and attach the log if possible."));
                outcome = "injected-" + fail.status();
            } else if (decision instanceof FaultInjector.Hold hold) {
                delay += hold.millis();
                response = new SimResponse(504, api.errorBody(504, "Gateway Timeout"));
                outcome = "held";
            } else if (!cluster.tokens().isValid(request.authToken(), cluster.now())) {
                response = KeystoneApi.unauthorized(cluster).toResponse();
                outcome = "unauthorized";
            }
        }
        if (response == null) {
            response = serve(cluster, api, request);
        }
        response.header("X-OpenStack-Request-ID", requestId);
        if (service.equals("compute")) {
            response.header("X-Compute-Request-Id", requestId);
            response.header("OpenStack-API-Version", "compute 2.1");
            response.header("X-OpenStack-Nova-API-Version", "2.1");
        }
        requestLog.add(new RequestRecord(Json.seconds(cluster.now()), cluster.name(), service, method,
                exchange.getRequestURI().getPath(), response.status(), requestId, globalRequestId, outcome));
        sendLater(exchange, response, delay);
    }

    private static SimResponse serve(Cluster cluster, ServiceApi api, SimRequest request) {
        try {
            synchronized (cluster.lock()) {
                return api.handle(cluster, request);
            }
        } catch (ApiException e) {
            return e.toResponse();
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed in cluster {}", request.method(), request.segments(), cluster.name(), e);
            return new SimResponse(500, api.errorBody(500, "Unexpected API Error: " + e));
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String serviceUrl(Cluster cluster, String service) {
        return switch (service) {
            case "compute" -> cluster.baseUrl() + "/compute/v2.1";
            case "identity" -> cluster.baseUrl() + "/identity/v3";
            default -> cluster.baseUrl() + "/" + service;
        };
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private void sendLater(HttpExchange exchange, SimResponse response, long delayMillis) {
        if (delayMillis <= 0) {
            send(exchange, response);
            return;
        }
        try {
            scheduler.schedule(() -> {
                try {
                    workers.execute(() -> send(exchange, response));
                } catch (RejectedExecutionException stopping) {
                    exchange.close();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, SimResponse response) {
        try (exchange) {
            byte[] bytes = response.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(response.body());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            if (bytes.length > 0) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
            }
            boolean noBody = bytes.length == 0 || response.status() == 204 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException clientGone) {
            LOG.debug("client went away before the answer: {}", clientGone.getMessage());
        }
    }
}
