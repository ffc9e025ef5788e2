package io.ultron.query.drift;

import io.ultron.api.audit.HistoryEntryView;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.DriftQueries.FindUnownedServerQuery;
import io.ultron.api.drift.DriftQueries.FindUnownedServersQuery;
import io.ultron.api.drift.DriftViews.UnownedServerView;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.tenant.TenantScope;
import io.ultron.query.audit.ResourceAudit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * What sync found in the clusters that Ultron does not own: servers made outside Ultron (UNMANAGED, which an admin may
 * adopt) and Ultron's own leftovers (LEFTOVER, deleted after the grace period). Fleet information: admins and
 * operators only (see the security configuration).
 */
@RestController
@RequestMapping("/api/v1/drift")
class DriftQueryController {

    private final QueryGateway queries;
    private final ResourceAudit audit;

    DriftQueryController(QueryGateway queries, ResourceAudit audit) {
        this.queries = queries;
        this.audit = audit;
    }

    /** Every kind of drift a list of its own, so that others can join without changing this answer's shape. */
    record DriftView(List<UnownedServerView> servers) {
    }

    @GetMapping
    DriftView list(@RequestParam(required = false) String cluster, @RequestParam(required = false) UnownedKind kind) {
        return new DriftView(queries.query(new FindUnownedServersQuery(cluster == null ? null : ClusterId.of(cluster), kind),
                ResponseTypes.multipleInstancesOf(UnownedServerView.class)).join());
    }

    @GetMapping("/servers/{id}")
    UnownedServerView server(@PathVariable String id) {
        return queries.query(new FindUnownedServerQuery(UnownedServerId.of(id)), ResponseTypes.optionalInstanceOf(UnownedServerView.class))
                .join().orElseThrow(() -> notFound(id));
    }

    /** The server's whole story as sync recorded it: found, changed, gone, deleted, adopted. */
    @GetMapping("/servers/{id}/history")
    List<HistoryEntryView> history(@PathVariable String id) {
        return audit.history(id, TenantScope.EVERY_TENANT, () -> notFound(id));
    }

    /** A leftover port's story: found, deletion started, deleted (its id: {@code LeftoverPortId}). */
    @GetMapping("/ports/{id}/history")
    List<HistoryEntryView> portHistory(@PathVariable String id) {
        return audit.history(id, TenantScope.EVERY_TENANT,
                () -> new DomainException(ErrorKind.NOT_FOUND, "leftover-port-not-found", "no leftover port " + id));
    }

    private static DomainException notFound(String id) {
        return new DomainException(ErrorKind.NOT_FOUND, "unowned-server-not-found", "no unowned server " + id);
    }
}
