package io.ultron.sim.cluster;

/** A fixed one-second window per cluster: simple, and what a front proxy's limiter looks like. */
public final class RateLimiter {

    private long windowStart;
    private int used;

    /** @return 0 when the call may pass, else the milliseconds until the next window opens */
    public synchronized long tryAcquire(int limitPerSecond, long nowMillis) {
        if (limitPerSecond <= 0) {
            return 0;
        }
        if (nowMillis - windowStart >= 1000) {
            windowStart = nowMillis;
            used = 0;
        }
        if (used < limitPerSecond) {
            used++;
            return 0;
        }
        return Math.max(1, 1000 - (nowMillis - windowStart));
    }
}
