package io.ultron.command.network;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClustersQuery;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.AllocateSubnetCommand;
import io.ultron.api.network.CreateVpcCommand;
import io.ultron.api.network.DeleteSubnetCommand;
import io.ultron.api.network.DeleteVpcCommand;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.api.tenant.TenantScope;
import io.ultron.command.quota.Quotas;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Changes of VPCs, subnets and addresses. A caller acts only for its own tenants ({@link TenantScope}): a body naming
 * another tenant is 403; another tenant's VPC, subnet or address is 404, decided by the VPC aggregate from the scope
 * in the command's metadata (or, for allocations, in the request).
 */
@RestController
class NetworkCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IpAllocationBatcher allocations;
    private final Quotas quotas;

    NetworkCommandController(CommandGateway commands, QueryGateway queries, IpAllocationBatcher allocations, Quotas quotas) {
        this.commands = commands;
        this.queries = queries;
        this.allocations = allocations;
        this.quotas = quotas;
    }

    record CreateVpcRequest(@NotBlank @Size(max = 64) String area, @NotBlank @Size(max = 128) String tenant,
                            @NotBlank @Size(max = 128) String name, @Size(max = 128) String department,
                            @Size(max = 128) String purpose) {
    }

    /** {@code cidr}: optional, a particular /22 of the VPC. */
    record AllocateSubnetRequest(@NotBlank @Size(max = 128) String idc, @Size(max = 18) String cidr) {
    }

    record AllocateIpRequest(@NotBlank @Size(max = 64) String clusterId, @NotBlank @Size(max = 255) String owner) {
    }

    record Created(String id) {
    }

    @PostMapping("/api/v1/vpcs")
    ResponseEntity<Created> createVpc(@Valid @RequestBody CreateVpcRequest request, TenantScope caller) {
        caller.requireMember(request.tenant());
        VpcId id = VpcId.random();
        quotas.reserveVpc(request.tenant(), id);
        try {
            commands.sendAndWait(new CreateVpcCommand(id, request.area(), request.tenant(), request.name(), request.department(),
                    request.purpose()));
        } catch (RuntimeException failure) {
            quotas.releaseVpc(request.tenant(), id);
            throw failure;
        }
        return ResponseEntity.created(location("/api/v1/vpcs/{id}", id.value())).body(new Created(id.value()));
    }

    @DeleteMapping("/api/v1/vpcs/{id}")
    ResponseEntity<Void> deleteVpc(@PathVariable String id) {
        commands.sendAndWait(new DeleteVpcCommand(VpcId.of(id)));
        return ResponseEntity.noContent().build();
    }

    /** 202: the subnet exists at once, its Neutron networks follow (see the subnet's pools). */
    @PostMapping("/api/v1/vpcs/{id}/subnets")
    ResponseEntity<Created> allocateSubnet(@PathVariable String id, @Valid @RequestBody AllocateSubnetRequest request) {
        List<ClusterView> active = queries.query(new FindClustersQuery(null, request.idc(), ClusterStatus.ACTIVE),
                ResponseTypes.multipleInstancesOf(ClusterView.class)).join();
        if (active.isEmpty()) {
            throw new DomainException(ErrorKind.RULE_VIOLATION, "idc-without-clusters", "IDC " + request.idc() + " has no active cluster");
        }
        SubnetId subnet = commands.sendAndWait(new AllocateSubnetCommand(VpcId.of(id), request.idc(), active.get(0).area(),
                active.stream().map(ClusterView::id).toList(), request.cidr()));
        return ResponseEntity.accepted().location(location("/api/v1/subnets/{id}", subnet.value())).body(new Created(subnet.value()));
    }

    @DeleteMapping("/api/v1/subnets/{id}")
    ResponseEntity<Void> deleteSubnet(@PathVariable String id) {
        SubnetId subnet = subnetId(id);
        commands.sendAndWait(new DeleteSubnetCommand(subnet.vpcId().orElseThrow(), subnet));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/api/v1/subnets/{id}/ips")
    ResponseEntity<IpAllocationOutcome.Allocated> allocateIp(@PathVariable String id, @Valid @RequestBody AllocateIpRequest request,
                                                              TenantScope caller) {
        SubnetId subnet = subnetId(id);
        VpcId vpc = subnet.vpcId().orElseThrow();
        // one address of the VPC's tenant's quota first (422 quota-exceeded); its event consumes the reservation
        Optional<Quotas.AddressReservation> reservation = quotas.reserveAddress(vpc, caller::covers);
        IpAllocationOutcome outcome;
        try {
            outcome = allocations.allocate(vpc, subnet, ClusterId.of(request.clusterId()), request.owner(), caller,
                    reservation.map(Quotas.AddressReservation::id).orElse(null)).join();
        } catch (RuntimeException failure) {
            reservation.ifPresent(quotas::cancel);
            throw failure;
        }
        if (!(outcome instanceof IpAllocationOutcome.Allocated)) {
            reservation.ifPresent(quotas::cancel);
        }
        if (outcome instanceof IpAllocationOutcome.Allocated allocated) {
            return ResponseEntity.created(location("/api/v1/ips/{address}", allocated.address())).body(allocated);
        }
        if (outcome instanceof IpAllocationOutcome.Refused refused) {
            throw new DomainException(refused.kind(), refused.code(), refused.message());
        }
        throw new DomainException(ErrorKind.UNAVAILABLE, "addresses-provisioning", ((IpAllocationOutcome.Pending) outcome).reason());
    }

    @DeleteMapping("/api/v1/subnets/{id}/ips/{address}")
    ResponseEntity<Void> releaseIp(@PathVariable String id, @PathVariable String address,
                                   @RequestParam @Pattern(regexp = ".{1,255}") String owner) {
        SubnetId subnet = subnetId(id);
        commands.sendAndWait(new ReleaseIpCommand(subnet.vpcId().orElseThrow(), subnet, address, owner));
        return ResponseEntity.noContent().build();
    }

    private static SubnetId subnetId(String id) {
        SubnetId subnet = SubnetId.of(id);
        if (subnet.vpcId().isEmpty()) {
            throw new DomainException(ErrorKind.NOT_FOUND, "subnet-not-found", "no subnet " + id);
        }
        return subnet;
    }

    private static URI location(String path, String id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).buildAndExpand(id).toUri();
    }
}
