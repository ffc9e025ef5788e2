package io.ultron.query.cluster;

import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.StaleClusterView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which of the clusters a list answer shows items of are stale ({@link Staleness}), read once per answer: their views
 * (one query), and where sync runs one Redis round trip for when they were last synced.
 */
@Component
public class ClusterFreshness {

    private final ClusterQueryHandler views;
    private final SyncNotes syncNotes;
    private final Staleness staleness;
    private final Clock clock = Clock.systemUTC();

    ClusterFreshness(ClusterQueryHandler views, SyncNotes syncNotes, @Value("${ultron.sync.enabled:true}") boolean syncRuns,
                     @Value("${ultron.sync.interval:30s}") Duration syncInterval,
                     @Value("${ultron.sync.stale-after:}") String staleAfter) {
        this.views = views;
        this.syncNotes = syncNotes;
        this.staleness = Staleness.of(syncRuns, syncInterval, staleAfter.isBlank() ? null : DurationStyle.detectAndParse(staleAfter));
    }

    /** The stale ones among {@code clusterIds}, by name. */
    public Stale of(Collection<String> clusterIds) {
        List<ClusterView> clusters = views.byIds(Set.copyOf(clusterIds));
        if (clusters.isEmpty()) {
            return new Stale(List.of());
        }
        LastSyncs lastSyncs = staleness.syncRuns() ? syncNotes.lastSyncs(clusters.stream().map(ClusterView::id).toList())
                : LastSyncs.unknown();
        Instant now = clock.instant();
        return new Stale(clusters.stream().filter(cluster -> staleness.stale(cluster, lastSyncs, now))
                .map(cluster -> new StaleClusterView(cluster.id().value(), cluster.name(), cluster.health(),
                        cluster.healthSince(), lastSyncs.of(cluster.id())))
                .toList());
    }

    /** The stale clusters of one answer (a few at most: a linear search is enough). */
    public record Stale(List<StaleClusterView> clusters) {

        /** When the cluster was last synced, for an item of a stale cluster; null otherwise (and when never). */
        public Instant observedAt(String clusterId) {
            return clusters.stream().filter(cluster -> cluster.id().equals(clusterId)).findFirst()
                    .map(StaleClusterView::lastSyncedAt).orElse(null);
        }
    }
}
