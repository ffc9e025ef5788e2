package io.ultron.query.cluster;

import io.ultron.api.audit.HistoryEntryView;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClusterQuery;
import io.ultron.api.cluster.FindClustersQuery;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.tenant.TenantScope;
import io.ultron.query.audit.ResourceAudit;
import io.ultron.query.consistency.ViewProgress;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.List;
import java.util.Optional;

@RestController
@RequestMapping("/api/v1/clusters")
class ClusterQueryController {

    /** Clusters are the fleet's, not a tenant's: every caller may read them (placement is by IDC). */
    private static final TenantScope FLEET = TenantScope.EVERY_TENANT;

    private final QueryGateway queries;
    private final ResourceAudit audit;
    private final ViewProgress views;

    ClusterQueryController(QueryGateway queries, ResourceAudit audit, ViewProgress views) {
        this.queries = queries;
        this.audit = audit;
        this.views = views;
    }

    @GetMapping
    List<ClusterView> list(@RequestParam(required = false) String area,
                           @RequestParam(required = false) String idc,
                           @RequestParam(required = false) ClusterStatus status) {
        return queries.query(new FindClustersQuery(area, idc, status), ResponseTypes.multipleInstancesOf(ClusterView.class)).join();
    }

    /** The cluster as the view holds it now, or with {@code asOf} as it was then, rebuilt from its events. */
    @GetMapping("/{id}")
    ClusterView get(@PathVariable String id, @RequestParam(required = false) String asOf) {
        if (asOf != null) {
            return audit.asOf(id, asOf, FLEET, ClusterViewFolder.INSTANCE, () -> notFound(id));
        }
        Optional<ClusterView> view = views.findOrAwait(ClusterId.of(id).value(), () -> queries.query(new FindClusterQuery(ClusterId.of(id)),
                ResponseTypes.optionalInstanceOf(ClusterView.class)).join());
        return view.orElseThrow(() -> notFound(id));
    }

    @GetMapping("/{id}/history")
    List<HistoryEntryView> history(@PathVariable String id) {
        return audit.history(id, FLEET, () -> notFound(id));
    }

    @GetMapping("/{id}/history/export")
    ResponseEntity<StreamingResponseBody> exportHistory(@PathVariable String id) {
        return audit.export(id, FLEET, () -> notFound(id));
    }

    private static DomainException notFound(String id) {
        return new DomainException(ErrorKind.NOT_FOUND, "cluster-not-found", "no cluster with id " + id);
    }
}
