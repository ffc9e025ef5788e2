package io.ultron.app.consistency;

import io.ultron.app.trace.Trace;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes the events a request publishes (by the trace id in their metadata, while the request is being answered), so
 * its answer can name the position of its write in the event stream.
 */
@Component
class WrittenEvents {

    private final Map<String, Set<String>> eventIdsByTrace = new ConcurrentHashMap<>();
    private final NamedParameterJdbcTemplate jdbc;

    WrittenEvents(EventStore eventStore, JdbcTemplate jdbc) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        eventStore.registerDispatchInterceptor(events -> {
            for (EventMessage<?> event : events) {
                Object trace = event.getMetaData().get(Trace.METADATA_KEY);
                Set<String> noted = trace == null ? null : eventIdsByTrace.get(trace.toString());
                if (noted != null) {
                    noted.add(event.getIdentifier());
                }
            }
            return (index, event) -> event;
        });
    }

    /** Starts noting the events of {@code traceId}; the caller hands the set back to {@link #stop}. */
    Set<String> start(String traceId) {
        Set<String> noted = ConcurrentHashMap.newKeySet();
        eventIdsByTrace.put(traceId, noted);
        return noted;
    }

    void stop(String traceId, Set<String> noted) {
        eventIdsByTrace.remove(traceId, noted);
    }

    /** The global index of the newest stored event among {@code eventIds} (events of a rolled-back attempt are not). */
    Optional<Long> positionOf(Set<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry WHERE eventIdentifier IN (:ids)",
                new MapSqlParameterSource("ids", Set.copyOf(eventIds)), Long.class));
    }
}
