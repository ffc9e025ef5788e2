package io.ultron.app.cluster;

import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClustersQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.List;

/**
 * {@code /actuator/health} component {@code clusters}: one component per registered cluster, with its health as its
 * sync finds it (the cluster view). A cluster that is DEGRADED or DOWN reports {@code DEGRADED} or
 * {@code CLUSTER_DOWN}, statuses outside Spring's order, so that they do not make the node DOWN: the node still
 * serves every other cluster (as resilience4j reports an open circuit breaker). A cluster not synced yet is UNKNOWN.
 * The reason is in the cluster view ({@code GET /api/v1/clusters/{id}}), for callers with a key.
 */
@Component("clusters")
class ClustersHealth implements CompositeHealthContributor {

    static final Status DEGRADED = new Status("DEGRADED");
    static final Status CLUSTER_DOWN = new Status("CLUSTER_DOWN");

    private final QueryGateway queries;

    ClustersHealth(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return clusters().stream().filter(cluster -> cluster.name().equals(name)).findFirst()
                .map(ClustersHealth::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return clusters().stream().map(cluster -> NamedContributor.of(cluster.name(), indicator(cluster))).iterator();
    }

    /** None when the views cannot be read: the database's own component says why. */
    private List<ClusterView> clusters() {
        try {
            return queries.query(new FindClustersQuery(null, null, null), ResponseTypes.multipleInstancesOf(ClusterView.class))
                    .join();
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    private static HealthContributor indicator(ClusterView cluster) {
        return (HealthIndicator) () -> {
            if (cluster.health() == null) {
                return Health.unknown().withDetail("id", cluster.id().value()).build();
            }
            Status status = switch (cluster.health()) {
                case UP -> Status.UP;
                case DEGRADED -> DEGRADED;
                case DOWN -> CLUSTER_DOWN;
            };
            return Health.status(status).withDetail("id", cluster.id().value()).withDetail("health", cluster.health())
                    .withDetail("since", String.valueOf(cluster.healthSince())).build();
        };
    }
}
