package io.ultron.api.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One stored event of a resource (aggregate). {@code payload} is the event in its current shape (old
 * revisions upcast) as a JSON object; {@code type} its simple name; {@code position} its place in the
 * global event order.
 */
public record HistoryEntryView(
        String resourceId,
        long sequence,
        long position,
        Instant time,
        String type,
        String traceId,
        String correlationId,
        String actor,
        Map<String, Object> payload) {
}
