package io.ultron.projections.rebuild;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a projection's latest rebuild stands. {@code processed}: events the rebuild has passed so far;
 * {@code position}/{@code head}: the global index its slowest segment has reached and the newest event's, at the last
 * report.
 */
public record RebuildStatus(
        String projection,
        String state,
        long processed,
        long position,
        long head,
        Double eventsPerSecond,
        Long etaSeconds,
        Instant requestedAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String message) {

    public static final String REQUESTED = "REQUESTED";
    public static final String PREPARING = "PREPARING";
    public static final String RUNNING = "RUNNING";
    public static final String SWITCHING = "SWITCHING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    static RebuildStatus of(String projection, String state, long processed, long position, long head,
                            Instant requestedAt, Instant startedAt, Instant updatedAt, Instant finishedAt, String message) {
        Double rate = null;
        Long eta = null;
        if (startedAt != null && updatedAt != null && processed > 0) {
            Instant end = finishedAt != null ? finishedAt : updatedAt;
            double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
            rate = Math.round(processed / seconds * 10) / 10.0;
            if (RUNNING.equals(state) || SWITCHING.equals(state)) {
                eta = Math.round(Math.max(0, head - position) / Math.max(rate, 0.001));
            }
        }
        return new RebuildStatus(projection, state, processed, position, head, rate, eta, requestedAt, startedAt,
                updatedAt, finishedAt, message);
    }
}
