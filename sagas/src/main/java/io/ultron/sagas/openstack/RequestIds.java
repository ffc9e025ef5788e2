package io.ultron.sagas.openstack;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns a trace id into the {@code X-OpenStack-Request-ID} OpenStack keeps: {@code req-<lowercase uuid>}.
 * A trace id that is a UUID is used as it is; any other is mapped to a name-based UUID, so one trace always
 * gives the same request id.
 */
public final class RequestIds {

    public static final String HEADER = "X-OpenStack-Request-ID";

    private RequestIds() {
    }

    public static String fromTraceId(String traceId) {
        String trace = traceId == null ? "" : traceId.trim();
        if (trace.startsWith("req-")) {
            trace = trace.substring(4);
        }
        UUID uuid;
        try {
            uuid = trace.length() == 36 ? UUID.fromString(trace) : null;
        } catch (IllegalArgumentException notAUuid) {
            uuid = null;
        }
        if (uuid == null) {
            uuid = UUID.nameUUIDFromBytes(("ultron-trace:" + traceId).getBytes(StandardCharsets.UTF_8));
        }
        return "req-" + uuid.toString().toLowerCase(Locale.ROOT);
    }
}
