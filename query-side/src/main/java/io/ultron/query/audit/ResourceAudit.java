package io.ultron.query.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.audit.HistoryEntryView;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.tenant.TenantScope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The audit endpoints of every resource kind, as calls a kind's query controller makes:
 * <pre>
 * &#64;GetMapping("/{id}/history")        List&lt;HistoryEntryView&gt; history(...)  → audit.history(id, caller, notFound)
 * &#64;GetMapping("/{id}/history/export") → audit.export(id, caller, notFound) (application/x-ndjson, streamed)
 * &#64;GetMapping("/{id}?asOf=…")         → audit.asOf(id, asOf, caller, folder, notFound)
 * </pre>
 * Everything is read from the event store, not from the read tables. A caller sees only resources of its tenants
 * ({@link TenantScope}): another tenant's resource is not found, and a trace shows only the caller's events.
 */
@Component
public class ResourceAudit {

    public static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final EventRecords events;
    private final ResourceOwners owners;
    private final ObjectMapper json;

    ResourceAudit(EventRecords events, ResourceOwners owners, ObjectMapper json) {
        this.events = events;
        this.owners = owners;
        this.json = json;
    }

    /** {@code notFound} unless the resource (its aggregate {@code id}) belongs to one of the caller's tenants. */
    public void requireVisible(String id, TenantScope caller, Supplier<DomainException> notFound) {
        if (!visible(id, caller)) {
            throw notFound.get();
        }
    }

    /** Whether the resource (its aggregate {@code id}) belongs to one of the caller's tenants. */
    public boolean visible(String id, TenantScope caller) {
        return caller.everyTenant() || caller.covers(owners.tenantOf(id).orElse(null));
    }

    /** The resource's events, oldest first; {@code notFound} if it has none or the caller may not see it. */
    public List<HistoryEntryView> history(String id, TenantScope caller, Supplier<DomainException> notFound) {
        requireVisible(id, caller, notFound);
        List<HistoryEntryView> history;
        try (Stream<TrackedEventMessage<?>> stream = events.ofAggregate(id)) {
            history = stream.map(this::entry).toList();
        }
        if (history.isEmpty()) {
            throw notFound.get();
        }
        return history;
    }

    /** The same history as JSON lines, written while it is read. */
    public ResponseEntity<StreamingResponseBody> export(String id, TenantScope caller, Supplier<DomainException> notFound) {
        requireVisible(id, caller, notFound);
        if (!events.aggregateExists(id)) {
            throw notFound.get();
        }
        return ndjson(() -> events.ofAggregate(id));
    }

    /** Every event of one request (trace id) the caller may see, in any aggregate, in global order. */
    public List<HistoryEntryView> trace(String traceId, TenantScope caller) {
        try (Stream<TrackedEventMessage<?>> stream = events.ofTrace(traceId)) {
            List<HistoryEntryView> trace = stream.filter(visibleTo(caller)).map(this::entry).toList();
            if (trace.isEmpty()) {
                throw traceNotFound(traceId);
            }
            return trace;
        }
    }

    public boolean traceExists(String traceId) {
        return events.traceExists(traceId);
    }

    public ResponseEntity<StreamingResponseBody> exportTrace(String traceId, TenantScope caller) {
        if (!events.traceExists(traceId)) {
            throw traceNotFound(traceId);
        }
        if (caller.everyTenant()) {
            return ndjson(() -> events.ofTrace(traceId));
        }
        // the check for "none of it is the caller's" reads the trace once more; only restricted callers pay for it
        try (Stream<TrackedEventMessage<?>> stream = events.ofTrace(traceId)) {
            if (stream.noneMatch(visibleTo(caller))) {
                throw traceNotFound(traceId);
            }
        }
        return ndjson(() -> events.ofTrace(traceId).filter(visibleTo(caller)));
    }

    /** Events of aggregates of the caller's tenants; each aggregate's owner is looked up once per call. */
    private Predicate<TrackedEventMessage<?>> visibleTo(TenantScope caller) {
        if (caller.everyTenant()) {
            return event -> true;
        }
        Map<String, Boolean> visible = new HashMap<>();
        return event -> visible.computeIfAbsent(String.valueOf(EventRecords.aggregateOf(event)), aggregate -> visible(aggregate, caller));
    }

    /**
     * The resource as it was at {@code asOf} (an ISO-8601 instant): its events up to that instant folded
     * by the kind's folder. {@code notFound} if it did not exist yet.
     */
    public <V> V asOf(String id, String asOf, TenantScope caller, StateFolder<V> folder, Supplier<DomainException> notFound) {
        Instant until = instant(asOf);
        requireVisible(id, caller, notFound);
        V state = null;
        try (Stream<TrackedEventMessage<?>> stream = events.ofAggregate(id)) {
            Iterator<TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (event.getTimestamp().isAfter(until)) {
                    break;
                }
                state = folder.fold(state, (DomainEventMessage<?>) event);
            }
        }
        if (state == null) {
            throw notFound.get();
        }
        return state;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-as-of",
                    "asOf must be an ISO-8601 instant such as 2026-11-26T13:00:00Z");
        }
    }

    private ResponseEntity<StreamingResponseBody> ndjson(Supplier<Stream<TrackedEventMessage<?>>> source) {
        StreamingResponseBody body = out -> {
            try (Stream<TrackedEventMessage<?>> stream = source.get()) {
                stream.forEach(event -> writeLine(out, entry(event)));
            }
            out.flush();
        };
        return ResponseEntity.ok().contentType(NDJSON).body(body);
    }

    private void writeLine(OutputStream out, HistoryEntryView entry) {
        try {
            out.write(json.writeValueAsBytes(entry));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HistoryEntryView entry(TrackedEventMessage<?> event) {
        var meta = event.getMetaData();
        return new HistoryEntryView(EventRecords.aggregateOf(event), EventRecords.sequenceOf(event),
                event.trackingToken().position().orElse(-1), event.getTimestamp(), event.getPayloadType().getSimpleName(),
                (String) meta.get("traceId"), (String) meta.get("correlationId"), (String) meta.get("actor"),
                Redaction.redact(json.convertValue(event.getPayload(), JSON_OBJECT)));
    }

    private static DomainException traceNotFound(String traceId) {
        return new DomainException(ErrorKind.NOT_FOUND, "trace-not-found", "no event carries trace id " + traceId);
    }
}
