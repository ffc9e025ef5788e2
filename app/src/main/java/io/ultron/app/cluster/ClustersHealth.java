package io.ultron.app.cluster;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClustersQuery;
import io.ultron.query.cluster.SyncNotes;
import jakarta.annotation.PreDestroy;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /actuator/health} component {@code clusters}: one component per registered cluster, with its health as its
 * sync finds it (the cluster view). A cluster that is DEGRADED or DOWN reports {@code DEGRADED} or
 * {@code CLUSTER_DOWN}, statuses outside Spring's order, so that they do not make the node DOWN: the node still
 * serves every other cluster (as resilience4j reports an open circuit breaker). A cluster not synced yet is UNKNOWN.
 * The reason is in the cluster view ({@code GET /api/v1/clusters/{id}}), for callers with a key.
 * <p>
 * Where the fleet runs sync, each component also says whether a running conductor's group covers the cluster (its
 * coverage mark in Redis, read for every cluster in one MGET per call, waiting for Redis only briefly: {@link SyncNotes}):
 * one that none covers is {@code UNCOVERED} (outside Spring's order too), since nothing syncs it and its health is only
 * what was last seen. When no cluster
 * has a mark at all, no conductor syncs anything (none runs, or they run without sync): each component then says
 * {@code covered: false} but keeps the status its health gives, so that a fleet without sync does not look broken.
 * Without Redis nothing is said about coverage (Redis's own component says why).
 */
@Component("clusters")
class ClustersHealth implements CompositeHealthContributor {

    static final Status DEGRADED = new Status("DEGRADED");
    static final Status CLUSTER_DOWN = new Status("CLUSTER_DOWN");
    static final Status UNCOVERED = new Status("UNCOVERED");

    /** Well under the database component's own wait: together they stay within a probe's two seconds. */
    private static final Duration VIEW_WAIT = Duration.ofMillis(700);

    private final QueryGateway queries;
    private final SyncNotes syncNotes;
    private final ExecutorService viewReader = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "clusters-health");
                thread.setDaemon(true);
                return thread;
            });
    private final boolean syncRuns;

    ClustersHealth(QueryGateway queries, SyncNotes syncNotes, @Value("${ultron.sync.enabled:true}") boolean syncRuns) {
        this.queries = queries;
        this.syncNotes = syncNotes;
        this.syncRuns = syncRuns;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return components().stream().filter(component -> component.cluster().name().equals(name)).findFirst()
                .map(ClustersHealth::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return components().stream()
                .map(component -> NamedContributor.of(component.cluster().name(), indicator(component))).iterator();
    }

    /**
     * @param covered  null: not known (sync does not run here, or Redis cannot be read)
     * @param anyMark  some cluster has a coverage mark: some conductor syncs
     */
    private record ClusterComponent(ClusterView cluster, Boolean covered, boolean anyMark) {
    }

    private List<ClusterComponent> components() {
        List<ClusterView> clusters = clusters();
        Optional<Set<ClusterId>> covered = syncRuns ? syncNotes.covered(clusters.stream().map(ClusterView::id).toList())
                : Optional.empty();
        if (covered.isEmpty()) {
            return clusters.stream().map(cluster -> new ClusterComponent(cluster, null, false)).toList();
        }
        boolean anyMark = !covered.get().isEmpty();
        return clusters.stream()
                .map(cluster -> new ClusterComponent(cluster, covered.get().contains(cluster.id()), anyMark)).toList();
    }

    /**
     * None when the views cannot be read within {@link #VIEW_WAIT}: the database's own component says why, and a health
     * call does not wait for the connection pool's timeout a second time (probes answer within two seconds). Read on a
     * thread of its own; while one read still waits, the next call does not start another.
     */
    private List<ClusterView> clusters() {
        try {
            return CompletableFuture.supplyAsync(() -> queries.query(new FindClustersQuery(null, null, null),
                    ResponseTypes.multipleInstancesOf(ClusterView.class)).join(), viewReader)
                    .get(VIEW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException unreadable) {
            return List.of();
        }
    }

    @PreDestroy
    void stop() {
        viewReader.shutdownNow();
    }

    private static HealthContributor indicator(ClusterComponent component) {
        ClusterView cluster = component.cluster();
        return (HealthIndicator) () -> {
            Health.Builder health = Health.status(status(component)).withDetail("id", cluster.id().value());
            if (cluster.health() != null) {
                health.withDetail("health", cluster.health()).withDetail("since", String.valueOf(cluster.healthSince()));
            }
            if (component.covered() != null) {
                health.withDetail("covered", component.covered());
                if (!component.anyMark()) {
                    health.withDetail("coverage", "no running conductor syncs any cluster");
                }
            }
            return health.build();
        };
    }

    private static Status status(ClusterComponent component) {
        if (Boolean.FALSE.equals(component.covered()) && component.anyMark()) {
            return UNCOVERED;
        }
        if (component.cluster().health() == null) {
            return Status.UNKNOWN;
        }
        return switch (component.cluster().health()) {
            case UP -> Status.UP;
            case DEGRADED -> DEGRADED;
            case DOWN -> CLUSTER_DOWN;
        };
    }
}
