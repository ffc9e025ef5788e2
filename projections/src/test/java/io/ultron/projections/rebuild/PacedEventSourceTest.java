package io.ultron.projections.rebuild;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class PacedEventSourceTest {

    private EmbeddedEventStore events;
    private final AtomicBoolean onlineRequests = new AtomicBoolean();

    @BeforeEach
    void store() {
        events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        for (int i = 0; i < 500; i++) {
            events.publish(new GenericDomainEventMessage<>("Cluster", "cluster-" + i, 0, "event-" + i));
        }
    }

    @AfterEach
    void close() {
        events.shutDown();
    }

    @Test
    void withoutOnlineRequestsEveryEventIsAvailableAtOnce() throws InterruptedException {
        PacedEventSource source = new PacedEventSource(events, onlineRequests::get, 1000);
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            assertThat(available(stream)).isEqualTo(500);
        }
    }

    @Test
    void withOnlineRequestsEventsComeInPortionsOfAFiftiethOfTheBusyRate() throws InterruptedException {
        onlineRequests.set(true);
        PacedEventSource source = new PacedEventSource(events, onlineRequests::get, 1000);
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            // 20, and one more for each millisecond the loop took (the portion refills at 1,000 events/s)
            int portion = available(stream);
            assertThat(portion).isBetween(20, 40);

            onlineRequests.set(false);
            assertThat(available(stream)).as("the rest, once the requests stop").isEqualTo(500 - portion);
        }
    }

    @Test
    void theCoordinatorsPacingPausesAreShortenedButItsClaimIntervalIsKept() {
        CappedDelayScheduler scheduler = new CappedDelayScheduler("test-coordinator", Duration.ofMillis(5), Duration.ofSeconds(1));
        try {
            ScheduledFuture<?> fullQueues = scheduler.schedule(() -> { }, 100, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> noEvents = scheduler.schedule(() -> { }, 500, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> soon = scheduler.schedule(() -> { }, 2, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> claims = scheduler.schedule(() -> { }, 1000, TimeUnit.MILLISECONDS);
            assertThat(fullQueues.getDelay(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(5);
            assertThat(noEvents.getDelay(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(5);
            assertThat(soon.getDelay(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(2);
            assertThat(claims.getDelay(TimeUnit.MILLISECONDS)).isGreaterThan(500);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Takes events while the stream says one is available. */
    private static int available(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        int taken = 0;
        while (stream.hasNextAvailable()) {
            stream.nextAvailable();
            taken++;
        }
        return taken;
    }
}
