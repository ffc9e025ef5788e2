package io.ultron.sim.admin;

import io.ultron.sim.ClusterSettings;

/**
 * What the admin API shows of a cluster: its settings, the pending counted faults and a count
 * of what it holds.
 */
public record ClusterStatus(String name, String keystoneUrl, ClusterSettings settings, PendingFaults pendingFaults,
                            int servers, int ports, int volumes) {

    /** Counted faults still to come. */
    public record PendingFaults(int failNextCalls, int failNextStatus, int holdNextCalls, int failNextBuilds,
                                int loseNextDeletes) {
    }
}
