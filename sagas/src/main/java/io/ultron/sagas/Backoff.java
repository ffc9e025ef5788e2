package io.ultron.sagas;

import java.time.Duration;

/** Exponential backoff for retries by deadline. */
public final class Backoff {

    private Backoff() {
    }

    /** {@code first} after the first failure, doubling with each further one, never more than {@code max}. */
    public static Duration exponential(int failures, Duration first, Duration max) {
        Duration delay = first.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 20));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
