package io.ultron.api.cluster;

import java.time.Instant;

/**
 * A cluster whose items a list shows as last seen, not as they are now (as Nova's answers name down cells): it is
 * DOWN, or its sync has not succeeded for longer than {@code ultron.sync.stale-after}.
 *
 * @param health       its health as sync recorded it (null: never synced)
 * @param healthSince  since when it has had that health
 * @param lastSyncedAt when its last sync that succeeded started reading (null: never, or unknown while Redis cannot
 *                     be read); its items' {@code observedAt}
 */
public record StaleClusterView(String id, String name, ClusterHealth health, Instant healthSince, Instant lastSyncedAt) {
}
