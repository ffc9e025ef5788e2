package io.ultron.api.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One event in a resource's history. {@code payload} is the event as stored (JSON object);
 * {@code type} its simple name.
 */
public record HistoryEntryView(
        long sequence,
        Instant time,
        String type,
        String traceId,
        String correlationId,
        String actor,
        Map<String, Object> payload) {
}
