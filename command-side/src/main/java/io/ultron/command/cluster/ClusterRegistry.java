package io.ultron.command.cluster;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;

/** Fleet-wide rules that one aggregate cannot see: unique cluster names and the size of an IDC. */
public interface ClusterRegistry {

    /** An IDC holds at most this many clusters (five today; the address plan allows eight). */
    int MAX_CLUSTERS_PER_IDC = 8;

    /**
     * Claims {@code name} for the cluster inside the caller's transaction, so the claim is undone
     * if the command fails.
     *
     * @throws io.ultron.api.error.DomainException CONFLICT if the name is taken, RULE_VIOLATION if the IDC is full
     */
    void claim(ClusterId clusterId, String name, String idc);

    /** Records the cluster's new status inside the caller's transaction, so that {@link ClusterStatuses} reads it at once. */
    void statusChanged(ClusterId clusterId, ClusterStatus status);
}
