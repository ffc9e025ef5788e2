package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClusterQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks clusters up with {@link FindClusterQuery} and reuses an answer for a short while, so a burst of calls
 * to one cluster costs one query. A cluster's new call cap or Keystone URL is seen within the cache time.
 */
public class QueryGatewayClusterDirectory implements ClusterDirectory {

    private final QueryGateway queryGateway;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<ClusterId, Cached> cache = new ConcurrentHashMap<>();

    public QueryGatewayClusterDirectory(QueryGateway queryGateway, Duration cacheTtl, Clock clock) {
        this.queryGateway = queryGateway;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ClusterEndpoint> endpoint(ClusterId cluster) {
        Instant now = clock.instant();
        Cached cached = cache.get(cluster);
        if (cached != null && now.isBefore(cached.until())) {
            return CompletableFuture.completedFuture(cached.endpoint());
        }
        return queryGateway.query(new FindClusterQuery(cluster), ResponseTypes.optionalInstanceOf(ClusterView.class))
                .thenApply(found -> toEndpoint(cluster, found))
                .whenComplete((endpoint, failure) -> {
                    if (endpoint != null) {
                        cache.put(cluster, new Cached(endpoint, now.plus(cacheTtl)));
                    }
                });
    }

    private static ClusterEndpoint toEndpoint(ClusterId cluster, Optional<ClusterView> found) {
        ClusterView view = found.orElseThrow(() -> OpenStackCallException.of(cluster, "find cluster",
                OpenStackCallException.Reason.NOT_CONFIGURED, "no such cluster is registered"));
        return new ClusterEndpoint(view.id(), view.name(), view.keystoneUrl(), view.credentialsRef(),
                view.maxConcurrentCalls());
    }

    private record Cached(ClusterEndpoint endpoint, Instant until) {
    }
}
