package io.ultron.sagas.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * When a cluster's sync was last tried, and when its last full and incremental syncs that succeeded started
 * reading; null: never.
 */
record SyncState(Instant triedAt, Instant fullAt, Instant incrementalAt) {

    enum Kind { FULL, INCREMENTAL }

    /** Nova's clock and ours differ a little: an incremental sync reads from a bit before the last one started. */
    static final Duration OVERLAP = Duration.ofSeconds(5);

    /**
     * What is due at {@code now}, or null: nothing is tried again within an interval of the last try (a cluster
     * that is down is not asked every tick); a full sync every full interval, else an incremental one every
     * interval.
     */
    Kind due(Instant now, SyncSettings settings) {
        if (triedAt != null && now.isBefore(triedAt.plus(settings.interval()))) {
            return null;
        }
        if (fullAt == null || !now.isBefore(fullAt.plus(settings.fullInterval()))) {
            return Kind.FULL;
        }
        return Kind.INCREMENTAL;
    }

    /** Where an incremental sync starts reading. */
    Instant changesSince() {
        Instant last = incrementalAt == null || incrementalAt.isBefore(fullAt) ? fullAt : incrementalAt;
        return last.minus(OVERLAP);
    }
}
