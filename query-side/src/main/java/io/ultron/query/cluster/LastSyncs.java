package io.ultron.query.cluster;

import io.ultron.api.cluster.ClusterId;

import java.time.Instant;
import java.util.Map;

/**
 * When each cluster's last sync that succeeded started reading, as the sync noted it in Redis (a cluster absent from
 * {@code at}: never); {@code known} false when Redis could not be asked (then nothing is known about any of them).
 */
record LastSyncs(Map<ClusterId, Instant> at, boolean known) {

    static LastSyncs unknown() {
        return new LastSyncs(Map.of(), false);
    }

    /** Null: never synced, or not known. */
    Instant of(ClusterId cluster) {
        return at.get(cluster);
    }
}
