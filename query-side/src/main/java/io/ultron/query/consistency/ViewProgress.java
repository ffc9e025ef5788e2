package io.ultron.query.consistency;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Whether the read views already show an event, read from the token store that every node shares, so an api node
 * can tell even when the views are kept by a conductor elsewhere. A view shows the event at a global index when the
 * segment of its processor that the event's aggregate belongs to has passed that index without holding it as a gap.
 * Only views with a handler for the event's type are asked: a processor stores the token of a segment that had
 * nothing to handle only now and then.
 */
@Component
public class ViewProgress {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final String PROJECTIONS_PACKAGE = "io.ultron.projections";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration maxWait;
    /** Each view's processor → the payload types its handlers take. */
    private final Map<String, List<Class<?>>> handledTypes = new HashMap<>();

    ViewProgress(JdbcTemplate jdbc, Serializer serializer,
                 @Value("${ultron.read-your-writes.views:cluster-view,network-views,compute-views,drift-views,trace-index}") List<String> views,
                 @Value("${ultron.read-your-writes.max-wait:3s}") Duration maxWait) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.maxWait = maxWait;
        // read from the classes, not from beans: an api node has no projection beans (conductors run them)
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ProcessingGroup.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents(PROJECTIONS_PACKAGE)) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), getClass().getClassLoader());
            String processor = type.getAnnotation(ProcessingGroup.class).value();
            if (views.contains(processor)) {
                handledTypes.computeIfAbsent(processor, p -> new ArrayList<>()).addAll(payloadTypes(type));
            }
        }
        if (!handledTypes.keySet().containsAll(views)) {
            throw new IllegalStateException("no projection in " + PROJECTIONS_PACKAGE + " for the views " + views
                    + " (found " + handledTypes.keySet() + ")");
        }
    }

    /** Whether every view that handles the event at {@code position} has handled it. */
    public boolean shows(long position) {
        List<Map<String, Object>> found = jdbc.queryForList(
                "SELECT aggregateIdentifier, payloadType FROM DomainEventEntry WHERE globalIndex = ?", position);
        if (found.isEmpty()) {
            return true;
        }
        String aggregate = (String) found.get(0).get("aggregateIdentifier");
        Optional<Class<?>> payload = load((String) found.get(0).get("payloadType"));
        for (var view : handledTypes.entrySet()) {
            boolean handles = payload.isEmpty() || view.getValue().stream().anyMatch(type -> type.isAssignableFrom(payload.get()));
            if (handles && !segmentShows(view.getKey(), aggregate, position)) {
                return false;
            }
        }
        return true;
    }

    /** Waits, at most {@code ultron.read-your-writes.max-wait}, until the views show the event at {@code position}. */
    public boolean awaitShown(long position) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!shows(position)) {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return true;
    }

    /**
     * A read by id that found nothing may have raced the views: right after a 201 the resource may not be in its view
     * yet. If the aggregate has events, looks again once the views show its newest one (waiting at most
     * {@code max-wait}); a resource that never existed answers at once. Without an aggregate to go by
     * ({@code aggregateId} null, e.g. an address), it waits for the newest event of the store.
     */
    public <T> Optional<T> findOrAwait(String aggregateId, Supplier<Optional<T>> lookup) {
        Optional<T> found = lookup.get();
        if (found.isPresent()) {
            return found;
        }
        Long newest = aggregateId == null
                ? jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class)
                : jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                Long.class, aggregateId);
        if (newest == null) {
            return found;
        }
        awaitShown(newest);
        return lookup.get();
    }

    /** Waits (at most {@code max-wait}) until the views show the newest event of the store. */
    public void awaitNewest() {
        Long newest = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        if (newest != null) {
            awaitShown(newest);
        }
    }

    private boolean segmentShows(String processor, String aggregate, long position) {
        List<Object[]> tokens = jdbc.query("SELECT segment, token, tokenType FROM TokenEntry WHERE processorName = ?",
                (row, n) -> new Object[]{row.getInt("segment"), row.getBytes("token"), row.getString("tokenType")}, processor);
        int[] segmentIds = tokens.stream().mapToInt(t -> (int) t[0]).toArray();
        for (Object[] token : tokens) {
            if (Segment.computeSegment((int) token[0], segmentIds).matches(aggregate)) {
                return token[1] != null && covers(serializer.deserialize(
                        new SimpleSerializedObject<>((byte[]) token[1], byte[].class, (String) token[2], null)), position);
            }
        }
        return false;
    }

    static boolean covers(TrackingToken token, long position) {
        TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        return current instanceof GapAwareTrackingToken gapAware
                && position <= gapAware.getIndex() && !gapAware.getGaps().contains(position);
    }

    private static List<Class<?>> payloadTypes(Class<?> projection) {
        List<Class<?>> types = new ArrayList<>();
        for (Method method : projection.getDeclaredMethods()) {
            if (method.isAnnotationPresent(EventHandler.class) && method.getParameterCount() > 0) {
                Class<?> first = method.getParameterTypes()[0];
                types.add(EventMessage.class.isAssignableFrom(first) ? Object.class : first);
            }
        }
        return types;
    }

    private static Optional<Class<?>> load(String payloadType) {
        try {
            return Optional.of(Class.forName(payloadType));
        } catch (ClassNotFoundException unknown) {
            return Optional.empty();
        }
    }
}
