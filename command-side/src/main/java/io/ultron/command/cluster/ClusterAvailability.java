package io.ultron.command.cluster;

import io.ultron.api.cluster.ClusterId;

/**
 * Whether a command on an existing resource, which can only go to the one cluster that holds it (a server's power
 * action or deletion), may go there now: not while its sync finds the cluster DOWN. Placement has its own rule (it
 * skips DOWN clusters).
 */
public interface ClusterAvailability {

    /**
     * @throws io.ultron.api.error.DomainException UNAVAILABLE {@code cluster-down} naming the cluster, since when and
     *                                             why, when it is DOWN
     */
    void requireNotDown(ClusterId cluster);
}
