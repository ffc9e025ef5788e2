package io.ultron.query.compute;

import io.ultron.api.audit.HistoryEntryView;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.ComputeQueries.FindBatchQuery;
import io.ultron.api.compute.ComputeQueries.FindBatchServersQuery;
import io.ultron.api.compute.ComputeQueries.FindServerQuery;
import io.ultron.api.compute.ComputeQueries.FindServersQuery;
import io.ultron.api.compute.ComputeViews.BatchView;
import io.ultron.api.compute.ComputeViews.ServerPage;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerListPage;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.Ipv4;
import io.ultron.api.tenant.TenantScope;
import io.ultron.query.audit.ResourceAudit;
import io.ultron.query.cluster.ClusterFreshness;
import io.ultron.query.consistency.ViewProgress;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Servers and batches; a caller sees only those of its tenants ({@link TenantScope}), others are not found. */
@RestController
class ComputeQueryController {

    private final QueryGateway queries;
    private final ResourceAudit audit;
    private final ViewProgress views;
    private final ClusterFreshness freshness;

    ComputeQueryController(QueryGateway queries, ResourceAudit audit, ViewProgress views, ClusterFreshness freshness) {
        this.queries = queries;
        this.audit = audit;
        this.views = views;
        this.freshness = freshness;
    }

    /**
     * Servers matching every given filter ({@code name}: a prefix), a page at a time. DELETED servers are listed
     * only with {@code status=DELETED}. {@code sort}: {@code field[,asc|desc]}, field one of
     * {@link FindServersQuery#SORTABLE}. Servers of a DOWN or not recently synced cluster are listed as last seen
     * ({@link #withStaleClusters}).
     */
    @GetMapping("/api/v1/servers")
    ServerListPage servers(@RequestParam(required = false) String tenant, @RequestParam(required = false) String vpcId,
                           @RequestParam(required = false) String clusterId, @RequestParam(required = false) String status,
                           @RequestParam(required = false) String address, @RequestParam(required = false) String name,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                           @RequestParam(defaultValue = "createdAt,desc") String sort, TenantScope caller) {
        Sort order = Sort.parse(sort);
        checkPage(page, size);
        if (blankToNull(tenant) != null) {
            caller.requireMember(tenant);
        }
        var query = new FindServersQuery(blankToNull(tenant), caller.restriction(), blankToNull(vpcId), blankToNull(clusterId), status(status),
                address(address), blankToNull(name), page, size, order.field(), order.descending());
        return withStaleClusters(queries.query(query, ResponseTypes.instanceOf(ServerPage.class)).join());
    }

    /** The server as the view holds it now, or with {@code asOf} as it was then, rebuilt from its events. */
    @GetMapping("/api/v1/servers/{id}")
    ServerView server(@PathVariable String id, @RequestParam(required = false) String asOf, TenantScope caller) {
        if (asOf != null) {
            return audit.asOf(id, asOf, caller, ServerViewFolder.INSTANCE, () -> notFound("server", id)).view();
        }
        return views.findOrAwait(ServerId.of(id).value(), () -> queries.query(new FindServerQuery(ServerId.of(id)),
                        ResponseTypes.optionalInstanceOf(ServerView.class)).join())
                .filter(server -> caller.covers(server.tenant()))
                .orElseThrow(() -> notFound("server", id));
    }

    @GetMapping("/api/v1/servers/{id}/history")
    List<HistoryEntryView> serverHistory(@PathVariable String id, TenantScope caller) {
        return audit.history(id, caller, () -> notFound("server", id));
    }

    @GetMapping("/api/v1/servers/{id}/history/export")
    ResponseEntity<StreamingResponseBody> exportServerHistory(@PathVariable String id, TenantScope caller) {
        return audit.export(id, caller, () -> notFound("server", id));
    }

    @GetMapping("/api/v1/batches/{id}")
    BatchView batch(@PathVariable String id, TenantScope caller) {
        return findBatch(id, caller);
    }

    /** The batch's servers in every status (DELETED included), by name unless sorted otherwise. */
    @GetMapping("/api/v1/batches/{id}/servers")
    ServerListPage batchServers(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "50") int size, @RequestParam(defaultValue = "name,asc") String sort,
                                TenantScope caller) {
        Sort order = Sort.parse(sort);
        checkPage(page, size);
        findBatch(id, caller);
        return withStaleClusters(queries.query(new FindBatchServersQuery(BatchId.of(id), page, size, order.field(),
                order.descending()), ResponseTypes.instanceOf(ServerPage.class)).join());
    }

    /**
     * The page as it is, naming the clusters of its servers that are stale (DOWN, or not synced lately), each of their
     * servers with {@code observedAt}: a list answers while a cluster is away, as Nova's does with a down cell.
     */
    private ServerListPage withStaleClusters(ServerPage page) {
        ClusterFreshness.Stale stale = freshness.of(page.items().stream().map(ServerView::clusterId)
                .filter(Objects::nonNull).distinct().toList());
        return new ServerListPage(page.items().stream()
                .map(server -> new ServerListPage.Item(server, stale.observedAt(server.clusterId()))).toList(),
                page.page(), page.size(), page.total(), stale.clusters());
    }

    @GetMapping("/api/v1/batches/{id}/history")
    List<HistoryEntryView> batchHistory(@PathVariable String id, TenantScope caller) {
        return audit.history(id, caller, () -> notFound("batch", id));
    }

    @GetMapping("/api/v1/batches/{id}/history/export")
    ResponseEntity<StreamingResponseBody> exportBatchHistory(@PathVariable String id, TenantScope caller) {
        return audit.export(id, caller, () -> notFound("batch", id));
    }

    private BatchView findBatch(String id, TenantScope caller) {
        return views.findOrAwait(BatchId.of(id).value(), () -> queries.query(new FindBatchQuery(BatchId.of(id)),
                        ResponseTypes.optionalInstanceOf(BatchView.class)).join())
                .filter(batch -> caller.covers(batch.tenant()))
                .orElseThrow(() -> notFound("batch", id));
    }

    /** {@code field[,asc|desc]}; ascending when no direction is given. */
    record Sort(String field, boolean descending) {

        static Sort parse(String text) {
            String[] parts = text.split(",", -1);
            String direction = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
            if (parts.length > 2 || !FindServersQuery.SORTABLE.contains(parts[0].trim())
                    || !(direction.equals("asc") || direction.equals("desc"))) {
                throw new DomainException(ErrorKind.BAD_INPUT, "invalid-sort",
                        "sort must be field[,asc|desc] with field one of " + FindServersQuery.SORTABLE);
            }
            return new Sort(parts[0].trim(), direction.equals("desc"));
        }
    }

    private static void checkPage(int page, int size) {
        if (page < 0) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-page", "page must be 0 or more");
        }
        if (size < 1 || size > ComputeQueryHandler.MAX_PAGE_SIZE) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-size", "size must be 1.." + ComputeQueryHandler.MAX_PAGE_SIZE);
        }
    }

    private static ServerStatus status(String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return ServerStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-status",
                    "status must be one of " + List.of(ServerStatus.values()));
        }
    }

    private static String address(String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return Ipv4.parse(text.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-address", "address must be an IPv4 address such as 11.0.0.4");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static DomainException notFound(String kind, String id) {
        return new DomainException(ErrorKind.NOT_FOUND, kind + "-not-found", "no " + kind + " " + id);
    }
}
