package io.ultron.sim.cluster;

import io.ultron.sim.ClusterSettings;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides, per service call and per server build, whether a fault is injected. Counted faults
 * ("the next N calls") go first, then the configured rates.
 */
public final class FaultInjector {

    /** What happens to one service call. */
    public sealed interface Decision {
    }

    /** Serve the call normally. */
    public record Pass() implements Decision {
    }

    /** Answer with this error status without touching any state. */
    public record Fail(int status) implements Decision {
    }

    /** Hold the answer, as a hung service would. */
    public record Hold(long millis) implements Decision {
    }

    private static final Pass PASS = new Pass();

    private final AtomicInteger failNextCalls = new AtomicInteger();
    private volatile int failNextStatus = 500;
    private final AtomicInteger holdNextCalls = new AtomicInteger();
    private final AtomicInteger failNextBuilds = new AtomicInteger();
    private final AtomicInteger loseNextDeletes = new AtomicInteger();

    public Decision decide(ClusterSettings settings, Cluster cluster) {
        if (takeOne(failNextCalls)) {
            return new Fail(failNextStatus);
        }
        if (takeOne(holdNextCalls)) {
            return new Hold(settings.holdMillis());
        }
        if (settings.errorRate() > 0 && cluster.nextDouble() < settings.errorRate()) {
            return new Fail(settings.errorStatus());
        }
        if (settings.holdRate() > 0 && cluster.nextDouble() < settings.holdRate()) {
            return new Hold(settings.holdMillis());
        }
        return PASS;
    }

    /**
     * Whether this DELETE is answered 404 although the resource exists, and deletes nothing: a foreign OpenStack
     * that looked for the resource where it was not (another id, a replica behind).
     */
    public boolean losesDelete(String method) {
        return "DELETE".equals(method) && takeOne(loseNextDeletes);
    }

    public boolean buildFails(ClusterSettings settings, Cluster cluster) {
        if (takeOne(failNextBuilds)) {
            return true;
        }
        return settings.buildFailureRate() > 0 && cluster.nextDouble() < settings.buildFailureRate();
    }

    private static boolean takeOne(AtomicInteger counter) {
        while (true) {
            int left = counter.get();
            if (left <= 0) {
                return false;
            }
            if (counter.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    public void failNextCalls(int count, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("failNextStatus must be an HTTP error status");
        }
        failNextStatus = status;
        failNextCalls.set(count);
    }

    public void holdNextCalls(int count) {
        holdNextCalls.set(count);
    }

    public void failNextBuilds(int count) {
        failNextBuilds.set(count);
    }

    public void loseNextDeletes(int count) {
        loseNextDeletes.set(count);
    }

    public int loseNextDeletes() {
        return loseNextDeletes.get();
    }

    public int failNextCalls() {
        return failNextCalls.get();
    }

    public int failNextStatus() {
        return failNextStatus;
    }

    public int holdNextCalls() {
        return holdNextCalls.get();
    }

    public int failNextBuilds() {
        return failNextBuilds.get();
    }
}
