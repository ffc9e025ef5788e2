package io.ultron.sagas.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.cluster.ClusterId;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.internal.BaseOpenStackService;
import org.openstack4j.openstack.internal.OSClientSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every raw OpenStack service call of the adapter shares: requests go through OpenStack4j's transport and
 * session (token, endpoint from the catalog, timeouts, the session's headers), but each answer's status and
 * headers are read here, so a 429's Retry-After and a 5xx become an {@link OpenStackCallException} with the
 * status. Valid only on the thread whose OpenStack4j session was just set up.
 */
abstract class OpenStackRequests extends BaseOpenStackService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /** Enough of an error body to read the service's error type from it. */
    private static final int MAX_ERROR_BODY = 4096;
    /** What of it goes into the exception's message. */
    private static final int MAX_ERROR_MESSAGE = 300;

    private final String serviceName;
    final ClusterId cluster;
    final String operation;

    OpenStackRequests(ServiceType service, Function<String, String> endpoint, String serviceName, ClusterId cluster,
                      String operation) {
        super(service, endpoint);
        this.serviceName = serviceName;
        this.cluster = cluster;
        this.operation = operation;
    }

    /**
     * The reason for a 4xx other than 401 and 429, from the error body; {@code REJECTED} unless the service says
     * more.
     */
    OpenStackCallException.Reason rejection(int status, String body) {
        return OpenStackCallException.Reason.REJECTED;
    }

    /** The project this thread's token is scoped to: the one whose resources Ultron looks up. */
    final String projectId() {
        if (OSClientSession.getCurrent() instanceof OSClient.OSClientV3 session && session.getToken().getProject() != null) {
            return session.getToken().getProject().getId();
        }
        throw OpenStackCallException.of(cluster, operation, OpenStackCallException.Reason.UNAUTHORIZED,
                "the session has no project-scoped token");
    }

    final HttpResponse send(Supplier<HttpResponse> request) {
        try {
            return request.get();
        } catch (ConnectionException e) {
            throw new OpenStackCallException(cluster, operation, OpenStackCallException.Reason.UNREACHABLE, null, null,
                    serviceName + " did not answer: " + e.getMessage(), e);
        }
    }

    final <T> T read(HttpResponse response, Class<T> type) {
        failUnlessSuccessful(response);
        try {
            return response.readEntity(type);
        } finally {
            HttpEntityHandler.closeQuietly(response);
        }
    }

    /** @return false when there was nothing to delete (404) */
    final boolean deleted(HttpResponse response) {
        try {
            if (response.getStatus() == 404) {
                return false;
            }
            failUnlessSuccessful(response);
            return true;
        } finally {
            HttpEntityHandler.closeQuietly(response);
        }
    }

    final void failUnlessSuccessful(HttpResponse response) {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return;
        }
        String body = body(response);
        String message = serviceName + " answered " + status + ": "
                + (body.length() > MAX_ERROR_MESSAGE ? body.substring(0, MAX_ERROR_MESSAGE) + "..." : body);
        OpenStackCallException.Reason reason;
        Duration retryAfter = null;
        if (status == 429) {
            reason = OpenStackCallException.Reason.RATE_LIMITED;
            // without a Retry-After the caller backs off on its own
            String header = response.header("Retry-After");
            retryAfter = header == null || header.isBlank() ? null : ClusterResilience.atLeastAMoment(retryAfter(header));
        } else if (status == 401) {
            reason = OpenStackCallException.Reason.UNAUTHORIZED;
        } else if (status >= 500) {
            reason = OpenStackCallException.Reason.SERVER_ERROR;
        } else {
            reason = rejection(status, body);
        }
        throw new OpenStackCallException(cluster, operation, reason, status, retryAfter, message, null);
    }

    private static String body(HttpResponse response) {
        try (InputStream in = response.getInputStream()) {
            return in == null ? "" : new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException unreadable) {
            return "(no readable body)";
        } finally {
            HttpEntityHandler.closeQuietly(response);
        }
    }

    /** Retry-After is either delta-seconds or an HTTP date. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    /** The error body as JSON, or a missing node when it is not JSON (it may be cut short). */
    static JsonNode errorJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException | RuntimeException notJson) {
            return JSON.missingNode();
        }
    }

    static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request body", e);
        }
    }
}
