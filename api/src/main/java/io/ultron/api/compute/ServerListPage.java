package io.ultron.api.compute;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.ultron.api.cluster.StaleClusterView;
import io.ultron.api.compute.ComputeViews.ServerView;

import java.time.Instant;
import java.util.List;

/**
 * A page of servers as the REST lists answer it: a {@link ComputeViews.ServerPage} whose items on a stale cluster
 * carry {@code observedAt}, with those clusters named in {@code staleClusters} (empty when none), so that a list still
 * answers while a cluster is DOWN or not recently synced.
 */
public record ServerListPage(List<Item> items, int page, int size, long total, List<StaleClusterView> staleClusters) {

    /**
     * The server's fields, and on a stale cluster {@code observedAt}: when that cluster was last synced successfully
     * (null, and so left out, for a fresh cluster's servers and when the stale cluster was never synced).
     */
    public record Item(@JsonUnwrapped ServerView server, Instant observedAt) {
    }
}
