package io.ultron.query.cluster;

import io.ultron.api.cluster.ClusterView;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a list answers a cluster's items as last seen rather than as they are: the cluster is DOWN, or, where the
 * fleet runs sync, its last sync that succeeded started longer than {@code staleAfter} ago. A cluster never synced
 * counts from its registration, so that one just registered is not stale before its first sync could have run.
 * Without sync ({@code ultron.sync.enabled=false}: tests, benchmarks) or while the sync times cannot be read, only
 * DOWN counts: nothing else can be known.
 */
record Staleness(boolean syncRuns, Duration staleAfter) {

    /** Three sync intervals unless {@code ultron.sync.stale-after} says otherwise: one missed sync is not yet news. */
    static Staleness of(boolean syncRuns, Duration syncInterval, Duration staleAfter) {
        return new Staleness(syncRuns, staleAfter != null ? staleAfter : syncInterval.multipliedBy(3));
    }

    boolean stale(ClusterView cluster, LastSyncs lastSyncs, Instant now) {
        if (cluster.down()) {
            return true;
        }
        if (!syncRuns || !lastSyncs.known()) {
            return false;
        }
        Instant lastSynced = lastSyncs.of(cluster.id());
        Instant since = lastSynced != null ? lastSynced : cluster.registeredAt();
        return since != null && since.plus(staleAfter).isBefore(now);
    }
}
