package io.ultron.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifyingEventStoreTest {

    private final NotifyingEventStore store = new NotifyingEventStore(EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()), Duration.ofMillis(20));

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aStreamIsToldWhenEventsArriveAndFindsThemThen() throws Exception {
        store.publish(GenericEventMessage.asEventMessage("before"));
        List<Boolean> availableWhenCalled = new CopyOnWriteArrayList<>();
        try (TrackingEventStream stream = store.openStream(store.createHeadToken())) {
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
        TrackingEventStream closed = store.openStream(store.createHeadToken());
        closed.setOnAvailableCallback(() -> calls.add("closed"));
        closed.close();
        try (TrackingEventStream open = store.openStream(store.createHeadToken())) {
            open.setOnAvailableCallback(() -> calls.add("open"));

            store.publish(GenericEventMessage.asEventMessage("event"));

            await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
            assertThat(calls).containsOnly("open");
        }
    }
}
