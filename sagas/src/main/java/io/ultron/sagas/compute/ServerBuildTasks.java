package io.ultron.sagas.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.CheckServerBuildCommand;
import io.ultron.api.compute.RecordServerActiveCommand;
import io.ultron.api.compute.RecordServerBuildingCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.openstack.OpenStackCompute.BootServer;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's boot and build: the Nova server (with its boot volume when the boot disk is a cloud disk) on the port
 * the network step made, then its build followed to ACTIVE or ERROR. The handlers only start the work and return;
 * OpenStack calls run on the cluster's executor (see {@link OpenStackCompute}). The server is found by name before it
 * is booted, so a boot sent twice boots one server.
 */
@Component
class ServerBuildTasks {

    /** Metadata keys of the Nova servers Ultron boots, besides the adapter's {@code ultron_id}/{@code ultron_name}. */
    static final String TENANT_METADATA = "ultron_tenant";
    static final String VPC_METADATA = "ultron_vpc";
    static final String PREEMPTIBLE_METADATA = "ultron_preemptible";

    private static final Logger log = LoggerFactory.getLogger(ServerBuildTasks.class);

    private final OpenStackCompute compute;
    private final ServerTaskReports reports;
    private final StepLeases leases;
    /** Checks every few seconds must not pile up behind a slow cluster: one status call per server at a time. */
    private final Set<ServerId> checksInFlight = ConcurrentHashMap.newKeySet();
    private final BuildWatcher builds;

    ServerBuildTasks(OpenStackCompute compute, ServerTaskReports reports, ComputeSettings settings, StepLeases leases) {
        this.compute = compute;
        this.reports = reports;
        this.leases = leases;
        this.builds = new BuildWatcher(compute, settings.buildWatchInterval(), settings.buildTimeout(),
                (watched, state) -> TaskTrace.inMdc(watched.trace(),
                        () -> reportBuildState(watched.serverId(), watched.attempt(), Optional.of(state), watched.trace())));
    }

    /** Builds this node's watcher is following. */
    int watchedBuilds() {
        return builds.watching();
    }

    @PreDestroy
    void stop() {
        builds.stop();
    }

    @CommandHandler
    void handle(BootNovaServerCommand command, CommandMessage<?> message) {
        leases.hold(command.serverId(), command.attempt(), ServerProvisioningSaga.Step.BOOT.name());
        MetaData trace = TaskTrace.of(message);
        ServerSpec spec = command.spec();
        Map<String, String> metadata = new LinkedHashMap<>();
        if (spec.tenant() != null) {
            metadata.put(TENANT_METADATA, spec.tenant());
        }
        metadata.put(VPC_METADATA, spec.vpcId().value());
        if (spec.preemptible()) {
            metadata.put(PREEMPTIBLE_METADATA, "true");
        }
        Integer bootVolumeGb = spec.bootDisk() == Capability.CLOUD_DISK ? spec.diskGb() : null;
        BootServer boot = new BootServer(command.serverId().value(), spec.name(), command.novaFlavorId(), spec.image(),
                bootVolumeGb, command.portId(), spec.securityGroups(), metadata);
        compute.bootServer(command.clusterId(), boot, TaskTrace.traceId(trace))
                .whenComplete((novaServerId, failure) -> TaskTrace.inMdc(trace, () -> {
                    if (failure == null) {
                        reports.report(new RecordServerBuildingCommand(command.serverId(), command.attempt(), novaServerId), trace);
                    } else {
                        reports.failure(command.serverId(), command.attempt(), ServerSteps.BOOT, failure, trace);
                    }
                }));
    }

    @CommandHandler
    void handle(CheckServerBuildCommand command, CommandMessage<?> message) {
        MetaData trace = TaskTrace.of(message);
        if (!builds.watch(command.clusterId(), command.serverId(), command.attempt(), trace)) {
            // the watcher's next listing tells; asking Nova once per server as well would double the calls
            return;
        }
        if (!checksInFlight.add(command.serverId())) {
            log.debug("the last status check of {} has not answered yet; skipping this one", command.serverId());
            return;
        }
        CompletableFuture<Optional<OpenStackCompute.ServerState>> status;
        try {
            status = compute.serverStatus(command.clusterId(), command.serverId().value(), TaskTrace.traceId(trace));
        } catch (RuntimeException e) {
            checksInFlight.remove(command.serverId());
            throw e;
        }
        status.whenComplete((state, failure) -> TaskTrace.inMdc(trace, () -> {
            checksInFlight.remove(command.serverId());
            if (failure != null) {
                // The next check asks again; the build timeout bounds how long.
                log.warn("could not read the build status of {}: {}", command.serverId(),
                        ServerTaskReports.unwrap(failure).toString());
            } else {
                reportBuildState(command.serverId(), command.attempt(), state, trace);
            }
        }));
    }

    /** ACTIVE or ERROR is reported; a build still running is not (the watcher or the next check sees its end). */
    private void reportBuildState(ServerId server, int attempt, Optional<OpenStackCompute.ServerState> state, MetaData trace) {
        if (state.isEmpty()) {
            reports.failure(server, attempt, ServerSteps.BUILD, "Nova holds no server for " + server, true, trace);
        } else if (state.get().active()) {
            String address = state.get().addresses().isEmpty() ? null : state.get().addresses().get(0);
            reports.report(new RecordServerActiveCommand(server, attempt, state.get().host(), address), trace);
        } else if (state.get().failed()) {
            String fault = state.get().faultMessage();
            reports.failure(server, attempt, ServerSteps.BUILD, fault == null ? "Nova put the server in ERROR" : fault, true, trace);
        }
    }
}
