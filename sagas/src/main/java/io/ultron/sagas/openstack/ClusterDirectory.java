package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

import java.util.concurrent.CompletableFuture;

/** Where a cluster is: resolves a {@link ClusterId} to its {@link ClusterEndpoint}. */
public interface ClusterDirectory {

    /** Completes with the endpoint, or exceptionally with an {@link OpenStackCallException} when the cluster is unknown. */
    CompletableFuture<ClusterEndpoint> endpoint(ClusterId cluster);
}
