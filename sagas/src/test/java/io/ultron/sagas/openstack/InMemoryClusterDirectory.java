package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Test fixture: clusters registered by hand instead of through the query side. */
final class InMemoryClusterDirectory implements ClusterDirectory {

    private final Map<ClusterId, ClusterEndpoint> endpoints = new ConcurrentHashMap<>();

    InMemoryClusterDirectory register(ClusterEndpoint endpoint) {
        endpoints.put(endpoint.clusterId(), endpoint);
        return this;
    }

    @Override
    public CompletableFuture<ClusterEndpoint> endpoint(ClusterId cluster) {
        ClusterEndpoint endpoint = endpoints.get(cluster);
        return endpoint != null ? CompletableFuture.completedFuture(endpoint)
                : CompletableFuture.failedFuture(OpenStackCallException.of(cluster, "find cluster",
                OpenStackCallException.Reason.NOT_CONFIGURED, "not registered"));
    }
}
