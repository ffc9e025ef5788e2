package io.ultron.query.network;

import io.ultron.api.audit.HistoryEntryView;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.NetworkQueries.FindIpAddressQuery;
import io.ultron.api.network.NetworkQueries.FindIpPoolsQuery;
import io.ultron.api.network.NetworkQueries.FindSubnetIpsQuery;
import io.ultron.api.network.NetworkQueries.FindSubnetQuery;
import io.ultron.api.network.NetworkQueries.FindSubnetsQuery;
import io.ultron.api.network.NetworkQueries.FindVpcQuery;
import io.ultron.api.network.NetworkQueries.FindVpcsQuery;
import io.ultron.api.network.NetworkViews.IpAddressView;
import io.ultron.api.network.NetworkViews.IpAllocationView;
import io.ultron.api.network.NetworkViews.IpPoolsView;
import io.ultron.api.network.NetworkViews.SubnetView;
import io.ultron.api.network.NetworkViews.VpcView;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.api.network.NetworkViews.IpHistoryEntryView;
import io.ultron.api.tenant.TenantScope;
import io.ultron.query.audit.ResourceAudit;
import io.ultron.query.consistency.ViewProgress;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * VPCs, subnets, pools and addresses; a caller sees only those of its tenants' VPCs ({@link TenantScope}), others are
 * not found and lists leave them out.
 */
@RestController
class NetworkQueryController {

    private final QueryGateway queries;
    private final ResourceAudit audit;
    private final ViewProgress views;

    NetworkQueryController(QueryGateway queries, ResourceAudit audit, ViewProgress views) {
        this.queries = queries;
        this.audit = audit;
        this.views = views;
    }

    @GetMapping("/api/v1/vpcs")
    List<VpcView> vpcs(@RequestParam(required = false) String tenant, TenantScope caller) {
        if (tenant != null) {
            caller.requireMember(tenant);
        }
        return queries.query(new FindVpcsQuery(tenant, caller.restriction()), ResponseTypes.multipleInstancesOf(VpcView.class)).join();
    }

    /** The VPC as the view holds it now, or with {@code asOf} as it was then, rebuilt from its events. */
    @GetMapping("/api/v1/vpcs/{id}")
    VpcView vpc(@PathVariable String id, @RequestParam(required = false) String asOf, TenantScope caller) {
        if (asOf != null) {
            return audit.asOf(id, asOf, caller, VpcStateFolder.INSTANCE, () -> notFound("vpc", id)).view();
        }
        Optional<VpcView> vpc = views.findOrAwait(VpcId.of(id).value(), () -> queries.query(new FindVpcQuery(VpcId.of(id)),
                ResponseTypes.optionalInstanceOf(VpcView.class)).join());
        return vpc.filter(view -> caller.covers(view.tenant())).orElseThrow(() -> notFound("vpc", id));
    }

    @GetMapping("/api/v1/vpcs/{id}/history")
    List<HistoryEntryView> vpcHistory(@PathVariable String id, TenantScope caller) {
        return audit.history(id, caller, () -> notFound("vpc", id));
    }

    @GetMapping("/api/v1/vpcs/{id}/history/export")
    ResponseEntity<StreamingResponseBody> exportVpcHistory(@PathVariable String id, TenantScope caller) {
        return audit.export(id, caller, () -> notFound("vpc", id));
    }

    @GetMapping("/api/v1/vpcs/{id}/subnets")
    List<SubnetView> subnets(@PathVariable String id, TenantScope caller) {
        audit.requireVisible(id, caller, () -> notFound("vpc", id));
        return queries.query(new FindSubnetsQuery(VpcId.of(id)), ResponseTypes.multipleInstancesOf(SubnetView.class)).join();
    }

    /** The subnet with its pools as the views hold them now, or with {@code asOf} as it was then, from its VPC's events. */
    @GetMapping("/api/v1/subnets/{id}")
    SubnetView subnet(@PathVariable String id, @RequestParam(required = false) String asOf, TenantScope caller) {
        requireVisibleSubnet(id, caller);
        if (asOf != null) {
            VpcId vpc = SubnetId.of(id).vpcId().orElseThrow(() -> notFound("subnet", id));
            SubnetView then = audit.asOf(vpc.value(), asOf, caller, VpcStateFolder.INSTANCE, () -> notFound("subnet", id)).subnet(id);
            if (then == null) {
                throw notFound("subnet", id);
            }
            return then;
        }
        Optional<SubnetView> subnet = views.findOrAwait(SubnetId.of(id).vpcId().map(VpcId::value).orElse(null), () -> queries.query(new FindSubnetQuery(SubnetId.of(id)),
                ResponseTypes.optionalInstanceOf(SubnetView.class)).join());
        return subnet.orElseThrow(() -> notFound("subnet", id));
    }

    /** The subnet's events: those of its VPC that name it. */
    @GetMapping("/api/v1/subnets/{id}/history")
    List<HistoryEntryView> subnetHistory(@PathVariable String id, TenantScope caller) {
        VpcId vpc = SubnetId.of(id).vpcId().orElseThrow(() -> notFound("subnet", id));
        List<HistoryEntryView> history = audit.history(vpc.value(), caller, () -> notFound("subnet", id)).stream()
                .filter(entry -> id.equals(entry.payload().get("subnetId"))).toList();
        if (history.isEmpty()) {
            throw notFound("subnet", id);
        }
        return history;
    }

    @GetMapping("/api/v1/subnets/{id}/ips")
    List<IpAllocationView> subnetIps(@PathVariable String id, TenantScope caller) {
        requireVisibleSubnet(id, caller);
        return queries.query(new FindSubnetIpsQuery(SubnetId.of(id)), ResponseTypes.multipleInstancesOf(IpAllocationView.class)).join();
    }

    @GetMapping("/api/v1/ip-pools")
    IpPoolsView pools(@RequestParam(required = false) String vpcId, @RequestParam(required = false) String clusterId,
                      TenantScope caller) {
        if (vpcId != null) {
            audit.requireVisible(VpcId.of(vpcId).value(), caller, () -> notFound("vpc", vpcId));
        }
        return queries.query(new FindIpPoolsQuery(vpcId == null ? null : VpcId.of(vpcId), clusterId, caller.restriction()),
                ResponseTypes.instanceOf(IpPoolsView.class)).join();
    }

    /**
     * Who holds the address and its whole history (allocations and releases with their trace ids), as far as it was
     * in VPCs of the caller's tenants (a VPC's block may have been another tenant's before).
     */
    @GetMapping("/api/v1/ips/{address}")
    IpAddressView address(@PathVariable String address, TenantScope caller) {
        Optional<IpAddressView> view = views.findOrAwait(null, () -> queries.query(new FindIpAddressQuery(address),
                ResponseTypes.optionalInstanceOf(IpAddressView.class)).join());
        return view.flatMap(found -> visiblePart(found, caller)).orElseThrow(() -> notFound("address", address));
    }

    private Optional<IpAddressView> visiblePart(IpAddressView view, TenantScope caller) {
        if (caller.everyTenant()) {
            return Optional.of(view);
        }
        Map<String, Boolean> visibleVpcs = new HashMap<>();
        Predicate<String> visibleSubnet = subnet -> SubnetId.of(subnet).vpcId()
                .map(vpc -> visibleVpcs.computeIfAbsent(vpc.value(), id -> audit.visible(id, caller))).orElse(false);
        List<IpHistoryEntryView> history = view.history().stream().filter(entry -> visibleSubnet.test(entry.subnetId())).toList();
        if (history.isEmpty()) {
            return Optional.empty();
        }
        IpAllocationView holder = view.holder() != null && visibleSubnet.test(view.holder().subnetId()) ? view.holder() : null;
        return Optional.of(new IpAddressView(view.address(), holder, history));
    }

    /** A subnet is its VPC's: not found unless the VPC is of one of the caller's tenants. */
    private void requireVisibleSubnet(String id, TenantScope caller) {
        VpcId vpc = SubnetId.of(id).vpcId().orElseThrow(() -> notFound("subnet", id));
        audit.requireVisible(vpc.value(), caller, () -> notFound("subnet", id));
    }

    private static DomainException notFound(String kind, String id) {
        return new DomainException(ErrorKind.NOT_FOUND, kind + "-not-found", "no " + kind + " " + id);
    }
}
