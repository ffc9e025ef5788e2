package io.ultron.sim.http;

import io.ultron.sim.cluster.Cluster;

/**
 * A service API whose handlers work on the cluster of the call being answered: the cluster is bound to the
 * handling thread for the call, so the route handlers need not pass it around.
 */
public abstract class ClusterScopedApi implements ServiceApi {

    private final ThreadLocal<Cluster> current = new ThreadLocal<>();

    /** The routes of this service. */
    protected abstract Router router();

    /** The cluster whose call is being answered on this thread. */
    protected Cluster cluster() {
        return current.get();
    }

    @Override
    public final SimResponse handle(Cluster cluster, SimRequest request) {
        current.set(cluster);
        try {
            return router().route(request);
        } finally {
            current.remove();
        }
    }
}
