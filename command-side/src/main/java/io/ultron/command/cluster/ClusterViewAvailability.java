package io.ultron.command.cluster;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClusterQuery;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Reads the cluster's health from the cluster view at each command, as placement does: sync records it there, and no
 * node keeps a copy that another node's sync could change behind it.
 */
@Component
class ClusterViewAvailability implements ClusterAvailability {

    private final QueryGateway queries;

    ClusterViewAvailability(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public void requireNotDown(ClusterId cluster) {
        queries.query(new FindClusterQuery(cluster), ResponseTypes.optionalInstanceOf(ClusterView.class)).join()
                .filter(ClusterView::down)
                .ifPresent(down -> {
                    throw new DomainException(ErrorKind.UNAVAILABLE, "cluster-down", "cluster " + down.name() + " ("
                            + down.id().value() + ") is DOWN since " + down.healthSince() + ": " + down.healthReason()
                            + "; try again once it is UP");
                });
    }
}
