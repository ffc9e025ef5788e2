package io.ultron.app.trace;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The trace id of a request: from {@code X-Request-Id}, else from a W3C {@code traceparent}, else new.
 * It travels as message metadata {@code traceId}, sits in the logging MDC under the same key, and is
 * sent to OpenStack as {@code X-OpenStack-Request-ID: req-<uuid>}.
 */
public final class Trace {

    public static final String METADATA_KEY = "traceId";
    /** The authenticated principal that caused a message (metadata and MDC); "system" for work no request started. */
    public static final String ACTOR_KEY = "actor";
    /** The id of the API key the principal authenticated with (metadata and MDC). */
    public static final String ACTOR_KEY_ID_KEY = "actorKeyId";
    public static final String MDC_KEY = "traceId";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";

    private static final Pattern ACCEPTABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private Trace() {
    }

    /** Picks the trace id for an incoming request; unusable header values are ignored rather than logged raw. */
    public static String fromHeaders(String requestId, String traceparent) {
        if (requestId != null && ACCEPTABLE_ID.matcher(requestId).matches()) {
            return requestId;
        }
        if (traceparent != null) {
            var match = TRACEPARENT.matcher(traceparent.trim());
            if (match.matches()) {
                return match.group(1);
            }
        }
        return newId();
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
