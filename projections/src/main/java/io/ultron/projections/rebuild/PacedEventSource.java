package io.ultron.projections.rebuild;

import io.github.bucket4j.Bucket;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a rebuild's processor reads it: at full speed while the fleet has no online requests, otherwise
 * at most {@code busyRate} events per second, in portions of a fiftieth of a second's worth, so that each of the
 * rebuild's units of work stays short and an online request never waits long behind one. The processor's coordinator
 * sees no event available while the portion is spent and looks again shortly (see {@link CappedDelayScheduler}).
 */
final class PacedEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final OnlineTraffic traffic;
    private final Bucket busyPace;

    PacedEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, OnlineTraffic traffic, long busyRate) {
        this.events = events;
        this.traffic = traffic;
        this.busyPace = Bucket.builder()
                .addLimit(limit -> limit.capacity(Math.max(1, busyRate / 50)).refillGreedy(busyRate, Duration.ofSeconds(1)))
                .build();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new PacedStream(events.openStream(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }

    private final class PacedStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;

        PacedStream(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (traffic.recent() && busyPace.getAvailableTokens() < 1) {
                return false;
            }
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            if (traffic.recent()) {
                busyPace.tryConsume(1);
            }
            return stream.nextAvailable();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
