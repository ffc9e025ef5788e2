package io.ultron.command.cluster;

import io.ultron.api.cluster.ClusterId;

import java.util.Set;

/**
 * Which clusters take new work right now, read in the caller's transaction from the same
 * registry the {@link Cluster} aggregate writes with its events: no view to wait for, whichever node asks.
 */
public interface ClusterStatuses {

    /** The clusters of {@code idc} that take no new work (draining): they keep their addresses but get no new slices. */
    Set<ClusterId> drainingIn(String idc);
}
