package io.ultron.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WakingEventSourceTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final WakingEventSource source = new WakingEventSource(store, Duration.ofMillis(20));

    @AfterEach
    void shutDown() {
        source.stop();
        store.shutDown();
    }

    @Test
    void aStreamIsToldWhenEventsArriveAndFindsThemThen() throws Exception {
        store.publish(GenericEventMessage.asEventMessage("before"));
        List<Boolean> availableWhenCalled = new CopyOnWriteArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createHeadToken())) {
            assertThat(stream.setOnAvailableCallback(() -> availableWhenCalled.add(stream.hasNextAvailable()))).isTrue();
            assertThat(stream.hasNextAvailable()).isFalse();

            store.publish(GenericEventMessage.asEventMessage("after"));

            await().atMost(Duration.ofSeconds(5)).until(() -> !availableWhenCalled.isEmpty());
            assertThat(availableWhenCalled).containsOnly(true);
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("after");
        }
    }

    @Test
    void aClosedStreamIsNoLongerCalled() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        BlockingStream<TrackedEventMessage<?>> closed = source.openStream(source.createHeadToken());
        closed.setOnAvailableCallback(() -> calls.add("closed"));
        closed.close();
        try (BlockingStream<TrackedEventMessage<?>> open = source.openStream(source.createHeadToken())) {
            open.setOnAvailableCallback(() -> calls.add("open"));

            store.publish(GenericEventMessage.asEventMessage("event"));

            await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
            assertThat(calls).containsOnly("open");
        }
    }
}
