package io.ultron.query.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterHealth;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StalenessTest {

    static final Instant NOW = Instant.parse("2026-12-05T04:00:00Z");
    static final ClusterId ID = ClusterId.of("cl-1");
    static final Staleness WITH_SYNC = Staleness.of(true, Duration.ofSeconds(30), null);
    static final Staleness WITHOUT_SYNC = Staleness.of(false, Duration.ofSeconds(30), null);

    @Test
    void staleAfterDefaultsToThreeSyncIntervalsUnlessSet() {
        assertThat(WITH_SYNC.staleAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(Staleness.of(true, Duration.ofSeconds(30), Duration.ofSeconds(10)).staleAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aDownClusterIsStaleWithOrWithoutSyncAndWhateverRedisSays() {
        ClusterView down = cluster(ClusterHealth.DOWN, NOW.minus(Duration.ofDays(1)));
        assertThat(WITH_SYNC.stale(down, syncedAt(NOW.minusSeconds(1)), NOW)).isTrue();
        assertThat(WITH_SYNC.stale(down, LastSyncs.unknown(), NOW)).isTrue();
        assertThat(WITHOUT_SYNC.stale(down, LastSyncs.unknown(), NOW)).isTrue();
    }

    @Test
    void aClusterNotSyncedForLongerThanStaleAfterIsStale() {
        ClusterView up = cluster(ClusterHealth.UP, NOW.minus(Duration.ofDays(1)));
        assertThat(WITH_SYNC.stale(up, syncedAt(NOW.minusSeconds(90)), NOW)).as("exactly stale-after ago").isFalse();
        assertThat(WITH_SYNC.stale(up, syncedAt(NOW.minusSeconds(91)), NOW)).isTrue();
        assertThat(WITH_SYNC.stale(cluster(ClusterHealth.DEGRADED, NOW.minus(Duration.ofDays(1))), syncedAt(NOW.minusSeconds(5)), NOW))
                .as("DEGRADED but synced lately").isFalse();
    }

    @Test
    void aClusterNeverSyncedCountsFromItsRegistration() {
        LastSyncs never = new LastSyncs(Map.of(), true);
        assertThat(WITH_SYNC.stale(cluster(null, NOW.minusSeconds(10)), never, NOW)).as("just registered").isFalse();
        assertThat(WITH_SYNC.stale(cluster(null, NOW.minusSeconds(91)), never, NOW)).isTrue();
    }

    @Test
    void withoutSyncOrWhileTheSyncTimesCannotBeReadOnlyDownCounts() {
        ClusterView longAgo = cluster(ClusterHealth.UP, NOW.minus(Duration.ofDays(1)));
        assertThat(WITHOUT_SYNC.stale(longAgo, syncedAt(NOW.minus(Duration.ofDays(1))), NOW)).isFalse();
        assertThat(WITH_SYNC.stale(longAgo, LastSyncs.unknown(), NOW)).isFalse();
    }

    static LastSyncs syncedAt(Instant at) {
        return new LastSyncs(Map.of(ID, at), true);
    }

    static ClusterView cluster(ClusterHealth health, Instant registeredAt) {
        return new ClusterView(ID, "az1", "beijing", "idc-1", "https://keystone", "clusters/az1", "zed",
                Set.of(Capability.LOCAL_DISK), 20, ClusterStatus.ACTIVE, registeredAt, registeredAt, 1, null, null, null,
                health, health == null ? null : registeredAt, null);
    }
}
