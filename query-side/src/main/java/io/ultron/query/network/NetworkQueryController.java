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

import java.util.List;
import java.util.Optional;

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
    List<VpcView> vpcs(@RequestParam(required = false) String tenant) {
        return queries.query(new FindVpcsQuery(tenant), ResponseTypes.multipleInstancesOf(VpcView.class)).join();
    }

    /** The VPC as the view holds it now, or with {@code asOf} as it was then, rebuilt from its events. */
    @GetMapping("/api/v1/vpcs/{id}")
    VpcView vpc(@PathVariable String id, @RequestParam(required = false) String asOf) {
        if (asOf != null) {
            return audit.asOf(id, asOf, VpcStateFolder.INSTANCE, () -> notFound("vpc", id)).view();
        }
        Optional<VpcView> vpc = views.findOrAwait(VpcId.of(id).value(), () -> queries.query(new FindVpcQuery(VpcId.of(id)),
                ResponseTypes.optionalInstanceOf(VpcView.class)).join());
        return vpc.orElseThrow(() -> notFound("vpc", id));
    }

    @GetMapping("/api/v1/vpcs/{id}/history")
    List<HistoryEntryView> vpcHistory(@PathVariable String id) {
        return audit.history(id, () -> notFound("vpc", id));
    }

    @GetMapping("/api/v1/vpcs/{id}/history/export")
    ResponseEntity<StreamingResponseBody> exportVpcHistory(@PathVariable String id) {
        return audit.export(id, () -> notFound("vpc", id));
    }

    @GetMapping("/api/v1/vpcs/{id}/subnets")
    List<SubnetView> subnets(@PathVariable String id) {
        return queries.query(new FindSubnetsQuery(VpcId.of(id)), ResponseTypes.multipleInstancesOf(SubnetView.class)).join();
    }

    /** The subnet with its pools as the views hold them now, or with {@code asOf} as it was then, from its VPC's events. */
    @GetMapping("/api/v1/subnets/{id}")
    SubnetView subnet(@PathVariable String id, @RequestParam(required = false) String asOf) {
        if (asOf != null) {
            VpcId vpc = SubnetId.of(id).vpcId().orElseThrow(() -> notFound("subnet", id));
            SubnetView then = audit.asOf(vpc.value(), asOf, VpcStateFolder.INSTANCE, () -> notFound("subnet", id)).subnet(id);
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
    List<HistoryEntryView> subnetHistory(@PathVariable String id) {
        VpcId vpc = SubnetId.of(id).vpcId().orElseThrow(() -> notFound("subnet", id));
        List<HistoryEntryView> history = audit.history(vpc.value(), () -> notFound("subnet", id)).stream()
                .filter(entry -> id.equals(entry.payload().get("subnetId"))).toList();
        if (history.isEmpty()) {
            throw notFound("subnet", id);
        }
        return history;
    }

    @GetMapping("/api/v1/subnets/{id}/ips")
    List<IpAllocationView> subnetIps(@PathVariable String id) {
        return queries.query(new FindSubnetIpsQuery(SubnetId.of(id)), ResponseTypes.multipleInstancesOf(IpAllocationView.class)).join();
    }

    @GetMapping("/api/v1/ip-pools")
    IpPoolsView pools(@RequestParam(required = false) String vpcId, @RequestParam(required = false) String clusterId) {
        return queries.query(new FindIpPoolsQuery(vpcId == null ? null : VpcId.of(vpcId), clusterId),
                ResponseTypes.instanceOf(IpPoolsView.class)).join();
    }

    /** Who holds the address and its whole history (allocations and releases with their trace ids). */
    @GetMapping("/api/v1/ips/{address}")
    IpAddressView address(@PathVariable String address) {
        Optional<IpAddressView> view = views.findOrAwait(null, () -> queries.query(new FindIpAddressQuery(address),
                ResponseTypes.optionalInstanceOf(IpAddressView.class)).join());
        return view.orElseThrow(() -> notFound("address", address));
    }

    private static DomainException notFound(String kind, String id) {
        return new DomainException(ErrorKind.NOT_FOUND, kind + "-not-found", "no " + kind + " " + id);
    }
}
