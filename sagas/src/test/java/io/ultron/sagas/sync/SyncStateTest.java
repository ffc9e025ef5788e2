package io.ultron.sagas.sync;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SyncStateTest {

    static final SyncSettings SETTINGS = new SyncSettings(Duration.ofSeconds(30), Duration.ofMinutes(10),
            Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(15), Duration.ofSeconds(90), 4);
    static final Instant T = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aClusterNeverSyncedIsDueInFull() {
        assertThat(new SyncState(null, null, null).due(T, SETTINGS)).isEqualTo(SyncState.Kind.FULL);
    }

    @Test
    void incrementalEveryIntervalAndFullEveryFullInterval() {
        SyncState afterFull = new SyncState(T, T, T);
        assertThat(afterFull.due(T.plusSeconds(29), SETTINGS)).isNull();
        assertThat(afterFull.due(T.plusSeconds(30), SETTINGS)).isEqualTo(SyncState.Kind.INCREMENTAL);
        assertThat(afterFull.due(T.plusSeconds(600), SETTINGS)).isEqualTo(SyncState.Kind.FULL);
    }

    @Test
    void aFailedTryWaitsAnIntervalBeforeTheNext() {
        SyncState failedJustNow = new SyncState(T.plusSeconds(100), T, T);
        assertThat(failedJustNow.due(T.plusSeconds(110), SETTINGS)).isNull();
        assertThat(failedJustNow.due(T.plusSeconds(130), SETTINGS)).isEqualTo(SyncState.Kind.INCREMENTAL);
    }

    @Test
    void anIncrementalReadStartsABitBeforeTheLastSyncStarted() {
        assertThat(new SyncState(T, T, T.plusSeconds(60)).changesSince()).isEqualTo(T.plusSeconds(55));
        assertThat(new SyncState(T, T.plusSeconds(60), T).changesSince()).isEqualTo(T.plusSeconds(55));
    }
}
