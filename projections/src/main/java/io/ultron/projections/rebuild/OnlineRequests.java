package io.ultron.projections.rebuild;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The online requests this node is answering: users' and platforms' requests, not the operators' admin API or
 * the actuator (polling a rebuild's progress must not slow that rebuild down). The web layer reports each one;
 * a rebuild reads this to give way to them.
 */
@Component
public class OnlineRequests {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastSeenNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    public void started() {
        inFlight.incrementAndGet();
        lastSeenNanos = System.nanoTime();
    }

    public void finished() {
        inFlight.decrementAndGet();
        lastSeenNanos = System.nanoTime();
    }

    /** Requests being answered right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Whether a request was being answered at any moment of the last {@code window}. */
    public boolean seenWithin(Duration window) {
        return inFlight.get() > 0 || System.nanoTime() - lastSeenNanos < window.toNanos();
    }
}
