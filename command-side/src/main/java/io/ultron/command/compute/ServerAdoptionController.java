package io.ultron.command.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClusterQuery;
import io.ultron.api.cluster.Capability;
import io.ultron.api.compute.AdoptServerCommand;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.drift.DriftQueries.FindUnownedServerQuery;
import io.ultron.api.drift.DriftViews.UnownedServerView;
import io.ultron.api.drift.RecordUnownedServerAdoptedCommand;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.AllocationPool;
import io.ultron.api.network.ClaimIpCommand;
import io.ultron.api.network.Ipv4;
import io.ultron.api.network.NetworkQueries.FindIpPoolsQuery;
import io.ultron.api.network.NetworkQueries.FindVpcOwnerQuery;
import io.ultron.api.network.NetworkViews.IpPoolView;
import io.ultron.api.network.NetworkViews.IpPoolsView;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.command.compute.ComputeConfiguration.ComputeProperties;
import io.ultron.command.quota.Quotas;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Adoption of a server made outside Ultron (admins only): it becomes a server of the tenant whose VPC holds its address,
 * when that address lies in the cluster's slices of one of Ultron's subnets and nobody holds it (else 409, naming the
 * holder). Its address is claimed in IPAM, the tenant's server quota is held, and the server is created as the cluster
 * shows it; its Nova server and port are then named after it by the adoption saga. Each step may be retried: the
 * server's id is derived from the unmanaged server's.
 */
@RestController
class ServerAdoptionController {

    private static final String NAME = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ServerPlacement placement;
    private final Quotas quotas;

    ServerAdoptionController(CommandGateway commands, QueryGateway queries, ServerPlacement placement, Quotas quotas) {
        this.commands = commands;
        this.queries = queries;
        this.placement = placement;
        this.quotas = quotas;
    }

    /**
     * {@code flavor}: one of Ultron's flavors, what the server counts against the quota as; {@code name}: defaults to
     * the Nova server's name when that is a valid server name; {@code image}: for the record.
     */
    record AdoptRequest(@NotBlank @Size(max = 64) String flavor, @Pattern(regexp = NAME) String name,
                        @Size(max = 64) String image) {
    }

    record ServerAdopted(String serverId, String tenant, String vpcId, String subnetId, String address) {
    }

    @PostMapping("/api/v1/drift/servers/{id}/adopt")
    ResponseEntity<ServerAdopted> adopt(@PathVariable String id, @Valid @RequestBody AdoptRequest request) {
        ComputeProperties.Flavor flavor = placement.flavor(request.flavor());
        UnownedServerView unmanaged = queries.query(new FindUnownedServerQuery(UnownedServerId.of(id)),
                        ResponseTypes.optionalInstanceOf(UnownedServerView.class)).join()
                .orElseThrow(() -> new DomainException(ErrorKind.NOT_FOUND, "unowned-server-not-found", "no unowned server " + id));
        if (unmanaged.kind() != UnownedKind.UNMANAGED) {
            throw new DomainException(ErrorKind.CONFLICT, "not-adoptable", "server " + id + " is a leftover of Ultron's, "
                    + "deleted after its grace period: only servers made outside Ultron are adopted");
        }
        ClusterId cluster = ClusterId.of(unmanaged.clusterId());
        Home home = home(unmanaged, cluster);
        String tenant = queries.query(new FindVpcOwnerQuery(home.vpcId()), ResponseTypes.optionalInstanceOf(String.class)).join()
                .orElseThrow(() -> new DomainException(ErrorKind.CONFLICT, "address-outside-cluster-slices",
                        "the VPC of " + home.address() + " is gone"));
        String name = request.name() != null ? request.name() : defaultName(unmanaged);
        String idc = queries.query(new FindClusterQuery(cluster), ResponseTypes.optionalInstanceOf(ClusterView.class)).join()
                .map(ClusterView::idc).orElse(null);
        ServerSpec spec = new ServerSpec(tenant, name, home.vpcId(), idc, request.flavor(),
                request.image() == null ? "unknown" : request.image(), Capability.LOCAL_DISK, 1, List.of(), false);
        ServerId serverId = serverIdOf(unmanaged);
        List<PlacedServer> held = List.of(new PlacedServer(serverId, name, cluster, home.subnetId()));

        quotas.reserveServers(tenant, held, flavor.vcpus(), flavor.ramMb());
        try {
            commands.sendAndWait(new ClaimIpCommand(home.vpcId(), home.subnetId(), cluster, home.address(), serverId.value()));
        } catch (RuntimeException refused) {
            quotas.releaseServers(tenant, held);
            throw refused;
        }
        try {
            commands.sendAndWait(new AdoptServerCommand(serverId, UnownedServerId.of(id), spec, flavor.vcpus(), flavor.ramMb(),
                    flavor.novaId(), cluster, home.subnetId(), home.address(), unmanaged.novaServerId(), unmanaged.novaStatus(),
                    unmanaged.host()));
        } catch (RuntimeException failure) {
            commands.sendAndWait(new ReleaseIpCommand(home.vpcId(), home.subnetId(), home.address(), serverId.value()));
            quotas.releaseServers(tenant, held);
            throw failure;
        }
        commands.sendAndWait(new RecordUnownedServerAdoptedCommand(UnownedServerId.of(id), serverId));
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/servers/{id}")
                        .buildAndExpand(serverId.value()).toUri())
                .body(new ServerAdopted(serverId.value(), tenant, home.vpcId().value(), home.subnetId().value(), home.address()));
    }

    /** Where the server's address lies: the subnet (and VPC) whose slices of the cluster hold it. */
    private Home home(UnownedServerView server, ClusterId cluster) {
        List<IpPoolView> pools = queries.query(new FindIpPoolsQuery(null, cluster.value(), null),
                ResponseTypes.instanceOf(IpPoolsView.class)).join().pools();
        for (String address : server.addresses()) {
            Optional<IpPoolView> pool = poolHolding(pools, address);
            if (pool.isPresent()) {
                return new Home(VpcId.of(pool.get().vpcId()), SubnetId.of(pool.get().subnetId()), address);
            }
        }
        throw new DomainException(ErrorKind.CONFLICT, "address-outside-cluster-slices", "no address of server " + server.id()
                + " " + server.addresses() + " lies in the slices of cluster " + cluster.value() + " of Ultron's subnets");
    }

    private static Optional<IpPoolView> poolHolding(List<IpPoolView> pools, String text) {
        Ipv4 address;
        try {
            address = Ipv4.parse(text);
        } catch (IllegalArgumentException notIpv4) {
            return Optional.empty();
        }
        return pools.stream().filter(pool -> pool.pools().stream().map(AllocationPool::parse)
                .anyMatch(range -> !address.isBefore(range.first()) && !range.last().isBefore(address))).findFirst();
    }

    private static String defaultName(UnownedServerView server) {
        String name = server.name() == null ? "" : server.name().toLowerCase();
        if (!name.matches(NAME)) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-name", "the Nova server's name '" + server.name()
                    + "' is not a valid server name: give one (lower-case letters, digits and dashes)");
        }
        return name;
    }

    private static ServerId serverIdOf(UnownedServerView server) {
        return ServerId.of("srv-" + UUID.nameUUIDFromBytes(("adopted/" + server.id()).getBytes(StandardCharsets.UTF_8)));
    }

    private record Home(VpcId vpcId, SubnetId subnetId, String address) {
    }
}
