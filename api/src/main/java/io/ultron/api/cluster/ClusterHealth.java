package io.ultron.api.cluster;

/**
 * How a cluster answers, as its sync finds it: UP; DEGRADED while its reads fail but not yet for long; DOWN once
 * they have failed for {@code ultron.sync.down-after}. Placement skips DOWN clusters.
 */
public enum ClusterHealth {
    UP,
    DEGRADED,
    DOWN
}
