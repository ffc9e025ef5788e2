package io.ultron.query.network;

import io.ultron.api.audit.FindResourceHistoryQuery;
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
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

@RestController
class NetworkQueryController {

    private final QueryGateway queries;

    NetworkQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/vpcs")
    List<VpcView> vpcs(@RequestParam(required = false) String tenant) {
        return queries.query(new FindVpcsQuery(tenant), ResponseTypes.multipleInstancesOf(VpcView.class)).join();
    }

    @GetMapping("/api/v1/vpcs/{id}")
    VpcView vpc(@PathVariable String id) {
        Optional<VpcView> vpc = queries.query(new FindVpcQuery(VpcId.of(id)), ResponseTypes.optionalInstanceOf(VpcView.class)).join();
        return vpc.orElseThrow(() -> notFound("vpc", id));
    }

    @GetMapping("/api/v1/vpcs/{id}/history")
    List<HistoryEntryView> vpcHistory(@PathVariable String id) {
        List<HistoryEntryView> history = history(id);
        if (history.isEmpty()) {
            throw notFound("vpc", id);
        }
        return history;
    }

    @GetMapping("/api/v1/vpcs/{id}/subnets")
    List<SubnetView> subnets(@PathVariable String id) {
        return queries.query(new FindSubnetsQuery(VpcId.of(id)), ResponseTypes.multipleInstancesOf(SubnetView.class)).join();
    }

    @GetMapping("/api/v1/subnets/{id}")
    SubnetView subnet(@PathVariable String id) {
        Optional<SubnetView> subnet = queries.query(new FindSubnetQuery(SubnetId.of(id)),
                ResponseTypes.optionalInstanceOf(SubnetView.class)).join();
        return subnet.orElseThrow(() -> notFound("subnet", id));
    }

    /** The subnet's events: those of its VPC that name it. */
    @GetMapping("/api/v1/subnets/{id}/history")
    List<HistoryEntryView> subnetHistory(@PathVariable String id) {
        VpcId vpc = SubnetId.of(id).vpcId().orElseThrow(() -> notFound("subnet", id));
        List<HistoryEntryView> history = history(vpc.value()).stream()
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
        Optional<IpAddressView> view = queries.query(new FindIpAddressQuery(address),
                ResponseTypes.optionalInstanceOf(IpAddressView.class)).join();
        return view.orElseThrow(() -> notFound("address", address));
    }

    private List<HistoryEntryView> history(String aggregateId) {
        return queries.query(new FindResourceHistoryQuery(aggregateId), ResponseTypes.multipleInstancesOf(HistoryEntryView.class)).join();
    }

    private static DomainException notFound(String kind, String id) {
        return new DomainException(ErrorKind.NOT_FOUND, kind + "-not-found", "no " + kind + " " + id);
    }
}
