package io.ultron.app.axon;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Axon's embedded event store, with streams that tell a pooled processor when new events are there.
 *
 * <p>A pooled streaming processor asks its stream for an "events available" callback; Axon's embedded store
 * offers none, so the processor looks again only every 500 ms, and every saga step and view update waited 250 ms
 * on average (a subnet's Neutron top-up, two steps, took 0.6 s). Here one watcher thread follows the store's own
 * cache of recent events, like any tailing processor, and calls the registered callbacks whenever it has seen new
 * events: by then those events are in the cache, so the woken processors find them. It wakes them at most once per
 * {@code wakeInterval}: a processor woken for every single event would commit a transaction (and its token) per
 * event, which under load costs more than the few milliseconds of latency it saves.
 */
class NotifyingEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(NotifyingEventStore.class);

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final Duration wakeInterval;
    private volatile Thread watcher;
    private volatile boolean closed;

    NotifyingEventStore(Builder builder, Duration wakeInterval) {
        super(builder);
        this.wakeInterval = wakeInterval;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new CallbackStream(super.openStream(trackingToken));
    }

    @Override
    public void shutDown() {
        closed = true;
        Thread running = watcher;
        if (running != null) {
            running.interrupt();
        }
        super.shutDown();
    }

    private synchronized void startWatcher() {
        if (watcher != null || closed) {
            return;
        }
        Thread thread = new Thread(this::watch, "event-store-watcher");
        thread.setDaemon(true);
        watcher = thread;
        thread.start();
    }

    private void watch() {
        try (TrackingEventStream stream = super.openStream(createHeadToken())) {
            while (!closed) {
                if (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                    while (stream.hasNextAvailable()) {
                        stream.nextAvailable();
                    }
                    callbacks.forEach(Runnable::run);
                    Thread.sleep(wakeInterval.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                // processors fall back to looking every few seconds; a restart of the node brings the watcher back
                log.error("event store watcher stopped; processors will notice new events late", e);
            }
        }
    }

    /** A stream of the embedded store that accepts the "events available" callback. */
    private final class CallbackStream implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private volatile Runnable callback;

        CallbackStream(TrackingEventStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            startWatcher();
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                callbacks.remove(registered);
            }
            delegate.close();
        }
    }
}
