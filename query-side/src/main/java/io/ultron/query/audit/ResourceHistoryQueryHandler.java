package io.ultron.query.audit;

import io.ultron.api.audit.FindResourceHistoryQuery;
import io.ultron.api.audit.FindTraceQuery;
import io.ultron.api.audit.HistoryEntryView;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.stream.Stream;

/**
 * Histories read straight from the event store: the events are the record, so nothing a projection
 * dropped or reshaped can hide what happened. Empty lists, not errors, for unknown ids.
 */
@Component
class ResourceHistoryQueryHandler {

    private final EventRecords events;
    private final ResourceAudit audit;

    ResourceHistoryQueryHandler(EventRecords events, ResourceAudit audit) {
        this.events = events;
        this.audit = audit;
    }

    @QueryHandler
    List<HistoryEntryView> history(FindResourceHistoryQuery query) {
        try (Stream<TrackedEventMessage<?>> stream = events.ofAggregate(query.resourceId())) {
            return stream.map(audit::entry).toList();
        }
    }

    @QueryHandler
    List<HistoryEntryView> trace(FindTraceQuery query) {
        try (Stream<TrackedEventMessage<?>> stream = events.ofTrace(query.traceId())) {
            return stream.map(audit::entry).toList();
        }
    }
}
