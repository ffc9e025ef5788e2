package io.ultron.projections.rebuild;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How a rebuild gives way to online requests. Alone it works in units of {@code chunk} events. While online requests
 * are around (one in flight, or one seen within {@code busyWindow}), it works in units of {@code busyChunk} events and
 * starts each one, and each writer's transaction, only once the requests in flight have been answered, waiting at
 * most {@code maxWait} so that it always moves on: a request then meets at most a few milliseconds of rebuild work.
 * At the head of the event stream it does not wait, or steady traffic could keep it from ever catching up.
 */
final class RebuildPacing {

    private final OnlineRequests online;
    private final int chunk;
    private final int busyChunk;
    private final Duration busyWindow;
    private final long maxWaitNanos;

    RebuildPacing(OnlineRequests online, int chunk, int busyChunk, Duration busyWindow, Duration maxWait) {
        if (chunk < 1 || busyChunk < 1) {
            throw new IllegalArgumentException("chunk and busy-chunk must be at least 1 event");
        }
        this.online = online;
        this.chunk = chunk;
        this.busyChunk = Math.min(busyChunk, chunk);
        this.busyWindow = busyWindow;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * The next unit of work, once it may start. {@code behind} is false at the head of the event stream.
     *
     * @return how many events the unit takes, and whether online requests are around (its writers then wait too)
     */
    Unit nextUnit(boolean behind) {
        if (!behind || !online.seenWithin(busyWindow)) {
            return new Unit(chunk, false);
        }
        awaitRequestsInFlight();
        return new Unit(busyChunk, true);
    }

    /** Before a writer's transaction of a unit taken while online requests were around. */
    void beforeWrite(Unit unit) {
        if (unit.busy()) {
            awaitRequestsInFlight();
        }
    }

    private void awaitRequestsInFlight() {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (online.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(500_000);
        }
    }

    record Unit(int events, boolean busy) {
    }
}
