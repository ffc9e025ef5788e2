package io.ultron.command.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.DrainClusterCommand;
import io.ultron.api.cluster.EnableClusterCommand;
import io.ultron.api.cluster.RegisterClusterCommand;
import io.ultron.api.cluster.UpdateClusterCapabilitiesCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.util.Set;

@RestController
@RequestMapping("/api/v1/clusters")
class ClusterCommandController {

    private final CommandGateway commands;

    ClusterCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    record RegisterClusterRequest(
            @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,62}", message = "must be 2-63 lowercase letters, digits or '-', starting with a letter") String name,
            @NotBlank @Size(max = 64) String area,
            @NotBlank @Size(max = 128) String idc,
            @NotBlank @Size(max = 512) String keystoneUrl,
            @NotBlank @Size(max = 255) String credentialsRef,
            @NotBlank @Size(max = 64) String release,
            @NotNull Set<@NotNull Capability> capabilities,
            @NotNull @Min(1) @Max(1000) Integer maxConcurrentCalls) {
    }

    record UpdateCapabilitiesRequest(@NotNull Set<@NotNull Capability> capabilities) {
    }

    record DrainRequest(@Size(max = 512) String reason, Boolean evacuate) {
    }

    record ClusterCreated(String id) {
    }

    @PostMapping
    ResponseEntity<ClusterCreated> register(@Valid @RequestBody RegisterClusterRequest request) {
        ClusterId id = ClusterId.random();
        commands.sendAndWait(new RegisterClusterCommand(id, request.name(), request.area(), request.idc(),
                request.keystoneUrl(), request.credentialsRef(), request.release(), request.capabilities(),
                request.maxConcurrentCalls()));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(id.value()).toUri();
        return ResponseEntity.created(location).body(new ClusterCreated(id.value()));
    }

    @PatchMapping("/{id}")
    ResponseEntity<Void> updateCapabilities(@PathVariable String id, @Valid @RequestBody UpdateCapabilitiesRequest request) {
        commands.sendAndWait(new UpdateClusterCapabilitiesCommand(ClusterId.of(id), request.capabilities()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/drain")
    ResponseEntity<Void> drain(@PathVariable String id, @Valid @RequestBody(required = false) DrainRequest request) {
        commands.sendAndWait(new DrainClusterCommand(ClusterId.of(id), request == null ? null : request.reason(),
                request != null && Boolean.TRUE.equals(request.evacuate())));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/enable")
    ResponseEntity<Void> enable(@PathVariable String id) {
        commands.sendAndWait(new EnableClusterCommand(ClusterId.of(id)));
        return ResponseEntity.noContent().build();
    }
}
