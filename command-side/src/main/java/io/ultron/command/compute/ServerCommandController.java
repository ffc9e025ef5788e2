package io.ultron.command.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.CreateServerCommand;
import io.ultron.api.compute.CreateServersCommand;
import io.ultron.api.compute.DeleteServerCommand;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerServerCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.NetworkQueries.FindVpcOwnerQuery;
import io.ultron.api.network.VpcId;
import io.ultron.api.tenant.TenantScope;
import io.ultron.command.compute.ComputeConfiguration.ComputeProperties;
import io.ultron.command.quota.Quotas;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creating servers is asynchronous: the answer (202) comes once the servers are placed and stored; their
 * provisioning follows (see {@code GET /api/v1/batches/{id}} and {@code GET /api/v1/servers/{id}}). Another tenant's
 * server is 404 to a restricted caller, decided by the server's aggregate (see {@link TenantScope}).
 */
@RestController
class ServerCommandController {

    private static final String NAME = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ServerPlacement placement;
    private final Quotas quotas;

    ServerCommandController(CommandGateway commands, QueryGateway queries, ServerPlacement placement, Quotas quotas) {
        this.commands = commands;
        this.queries = queries;
        this.placement = placement;
        this.quotas = quotas;
    }

    /** {@code bootDisk}: CLOUD (a Cinder volume of {@code diskGb}) or LOCAL (the hypervisor's disk). */
    record ServerRequest(@NotBlank @Size(max = 128) String tenant, @NotBlank @Pattern(regexp = NAME) String name,
                         @NotBlank @Size(max = 64) String vpcId, @NotBlank @Size(max = 128) String idc,
                         @NotBlank @Size(max = 64) String flavor, @NotBlank @Size(max = 64) String image,
                         @NotNull BootDisk bootDisk, @Min(1) @Max(16384) int diskGb,
                         @Size(max = 16) List<@NotBlank @Size(max = 64) String> securityGroups, Boolean preemptible) {
    }

    /** {@code namePrefix}: servers are named {@code <namePrefix>-<n>}, n from 1. */
    record BatchRequest(@NotBlank @Size(max = 128) String tenant, @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,55}") String namePrefix,
                        @Min(1) @Max(Batch.MAX_SERVERS) int count, Boolean allowPartial,
                        @NotBlank @Size(max = 64) String vpcId, @NotBlank @Size(max = 128) String idc,
                        @NotBlank @Size(max = 64) String flavor, @NotBlank @Size(max = 64) String image,
                        @NotNull BootDisk bootDisk, @Min(1) @Max(16384) int diskGb,
                        @Size(max = 16) List<@NotBlank @Size(max = 64) String> securityGroups, Boolean preemptible) {
    }

    enum BootDisk {
        CLOUD(Capability.CLOUD_DISK), LOCAL(Capability.LOCAL_DISK);

        final Capability capability;

        BootDisk(Capability capability) {
            this.capability = capability;
        }
    }

    record ActionRequest(@NotNull PowerAction action) {
    }

    record ServerCreated(String serverId, String batchId, String clusterId) {
    }

    /** {@code placement}: servers per cluster; fewer than requested only with {@code allowPartial}. */
    record BatchCreated(String batchId, int requested, int placed, Map<String, Integer> placement, List<String> serverIds) {
    }

    @PostMapping("/api/v1/servers")
    ResponseEntity<ServerCreated> createServer(@Valid @RequestBody ServerRequest request, TenantScope caller) {
        ServerSpec spec = spec(caller, request.tenant(), request.name(), request.vpcId(), request.idc(), request.flavor(),
                request.image(), request.bootDisk(), request.diskGb(), request.securityGroups(), Boolean.TRUE.equals(request.preemptible()));
        ComputeProperties.Flavor flavor = placement.flavor(spec.flavor());
        BatchId batch = BatchId.random();
        List<PlacedServer> placed = placement.place(spec, 1, false, n -> request.name());
        create(spec.tenant(), placed, flavor, () -> new CreateServerCommand(batch, spec, placed.get(0), flavor.vcpus(), flavor.ramMb(), flavor.novaId()));
        PlacedServer server = placed.get(0);
        return ResponseEntity.accepted().location(location("/api/v1/servers/{id}", server.serverId().value()))
                .body(new ServerCreated(server.serverId().value(), batch.value(), server.clusterId().value()));
    }

    @PostMapping("/api/v1/batches")
    ResponseEntity<BatchCreated> createServers(@Valid @RequestBody BatchRequest request, TenantScope caller) {
        ServerSpec spec = spec(caller, request.tenant(), request.namePrefix(), request.vpcId(), request.idc(), request.flavor(),
                request.image(), request.bootDisk(), request.diskGb(), request.securityGroups(), Boolean.TRUE.equals(request.preemptible()));
        ComputeProperties.Flavor flavor = placement.flavor(spec.flavor());
        BatchId batch = BatchId.random();
        List<PlacedServer> placed = placement.place(spec, request.count(), Boolean.TRUE.equals(request.allowPartial()),
                n -> request.namePrefix() + "-" + (n + 1));
        create(spec.tenant(), placed, flavor, () -> new CreateServersCommand(batch, spec, placed, flavor.vcpus(), flavor.ramMb(), flavor.novaId()));
        Map<String, Integer> perCluster = new TreeMap<>();
        placed.forEach(server -> perCluster.merge(server.clusterId().value(), 1, Integer::sum));
        return ResponseEntity.accepted().location(location("/api/v1/batches/{id}", batch.value()))
                .body(new BatchCreated(batch.value(), request.count(), placed.size(), perCluster,
                        placed.stream().map(server -> server.serverId().value()).toList()));
    }

    @DeleteMapping("/api/v1/servers/{id}")
    ResponseEntity<Void> deleteServer(@PathVariable String id) {
        commands.sendAndWait(new DeleteServerCommand(ServerId.of(id)));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/api/v1/servers/{id}/actions")
    ResponseEntity<Void> powerAction(@PathVariable String id, @Valid @RequestBody ActionRequest request) {
        commands.sendAndWait(new PowerServerCommand(ServerId.of(id), request.action()));
        return ResponseEntity.accepted().build();
    }

    /** The caller acts for the tenant it names (else 403) in a VPC it may see (else 404) of that tenant (else 422). */
    private ServerSpec spec(TenantScope caller, String tenant, String name, String vpcId, String idc, String flavor, String image,
                            BootDisk bootDisk, int diskGb, List<String> securityGroups, boolean preemptible) {
        caller.requireMember(tenant);
        // from the VPC's events, not its view: a server may be asked for the moment its VPC is created
        String owner = queries.query(new FindVpcOwnerQuery(VpcId.of(vpcId)), ResponseTypes.optionalInstanceOf(String.class))
                .join()
                .filter(caller::covers)
                .orElseThrow(() -> new DomainException(ErrorKind.NOT_FOUND, "vpc-not-found", "no VPC " + vpcId));
        if (!owner.equals(tenant)) {
            throw new DomainException(ErrorKind.RULE_VIOLATION, "vpc-of-another-tenant",
                    "VPC " + vpcId + " belongs to another tenant");
        }
        return new ServerSpec(tenant, name, VpcId.of(vpcId), idc, flavor, image, bootDisk.capability, diskGb,
                securityGroups, preemptible);
    }

    /**
     * Holds the placed servers against the tenant's quota (all or none: 422 {@code quota-exceeded}), then stores the
     * batch; if either fails, what placement (and the quota) reserved for it is given back.
     */
    private void create(String tenant, List<PlacedServer> placed, ComputeProperties.Flavor flavor,
                        java.util.function.Supplier<Object> command) {
        try {
            quotas.reserveServers(tenant, placed, flavor.vcpus(), flavor.ramMb());
        } catch (RuntimeException refused) {
            placement.release(placed);
            throw refused;
        }
        try {
            commands.sendAndWait(command.get());
        } catch (RuntimeException failure) {
            placement.release(placed);
            quotas.releaseServers(tenant, placed);
            throw failure;
        }
    }

    private static URI location(String path, String id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).buildAndExpand(id).toUri();
    }
}
