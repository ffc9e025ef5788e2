package io.ultron.api.cluster;

/**
 * Where the conductors' sync notes in Redis what every node may read: each cluster's sync state (a hash of epoch-ms
 * fields, {@link #INCREMENTAL_AT} among them) and its coverage mark (present while a running conductor's group covers
 * the cluster). Written by the sync; read by the list answers (stale clusters) and the health endpoint (uncovered
 * clusters).
 */
public final class ClusterSyncKeys {

    /** The state hash's field: when the last sync that succeeded, full or incremental, started reading. */
    public static final String INCREMENTAL_AT = "incrementalAt";

    private ClusterSyncKeys() {
    }

    public static String state(String prefix, ClusterId cluster) {
        return prefix + "sync:state:" + cluster.value();
    }

    public static String covered(String prefix, ClusterId cluster) {
        return prefix + "sync:covered:" + cluster.value();
    }
}
