package io.ultron.query.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.audit.FindResourceHistoryQuery;
import io.ultron.api.audit.HistoryEntryView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * A resource's history read straight from the event store: the events are the record, so nothing a
 * projection dropped or reshaped can hide what happened.
 */
@Component
class ResourceHistoryQueryHandler {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final EventStore eventStore;
    private final ObjectMapper json;

    ResourceHistoryQueryHandler(EventStore eventStore, ObjectMapper json) {
        this.eventStore = eventStore;
        this.json = json;
    }

    @QueryHandler
    List<HistoryEntryView> history(FindResourceHistoryQuery query) {
        return eventStore.readEvents(query.resourceId()).asStream().map(this::entry).toList();
    }

    private HistoryEntryView entry(DomainEventMessage<?> event) {
        var meta = event.getMetaData();
        return new HistoryEntryView(event.getSequenceNumber(), event.getTimestamp(), event.getPayloadType().getSimpleName(),
                (String) meta.get("traceId"), (String) meta.get("correlationId"), (String) meta.get("actor"),
                json.convertValue(event.getPayload(), JSON_OBJECT));
    }
}
