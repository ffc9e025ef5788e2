package io.ultron.sagas.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.compute.AllocateServerAddressCommand;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.CheckServerBuildCommand;
import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.PowerNovaServerCommand;
import io.ultron.api.compute.PrepareServerNetworkCommand;
import io.ultron.api.compute.RecordPowerActionCompletedCommand;
import io.ultron.api.compute.RecordPowerActionFailedCommand;
import io.ultron.api.compute.RecordServerActiveCommand;
import io.ultron.api.compute.RecordServerBuildingCommand;
import io.ultron.api.compute.RecordServerCleanUpFailedCommand;
import io.ultron.api.compute.RecordServerCompensatedCommand;
import io.ultron.api.compute.RecordServerDeletedCommand;
import io.ultron.api.compute.RecordServerNetworkReadyCommand;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.sagas.Backoff;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.ClusterExecutors;
import io.ultron.sagas.openstack.OpenStackCallException;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.openstack.OpenStackCompute.BootServer;
import io.ultron.sagas.openstack.OpenStackCompute.CreatePort;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The OpenStack task handler for servers. The command bus runs a handler on the caller's thread, which for these
 * commands is a saga's, so every handler only starts its work and returns: OpenStack calls run on the cluster's
 * executor (see {@link OpenStackCompute}), and the address commands, whose VPC handler waits for its commit, on a
 * small pool of this handler's own. Each outcome goes back to the server as a command carrying the task's trace.
 * Every task may run twice (the saga re-sends a step that brought no news): OpenStack resources are found by name
 * before they are made, and a server asking for its address again gets the one it holds.
 */
@Component
class ComputeTasks {

    /** Step names in {@link RecordServerProvisioningFailedCommand}: the saga reads whether an address may be held. */
    static final String STEP_ADDRESS = "allocate-address";
    static final String STEP_PORT = "create-port";
    static final String STEP_BOOT = "boot";
    static final String STEP_BUILD = "build";

    /** Metadata keys of the Nova servers Ultron boots, besides the adapter's {@code ultron_id}/{@code ultron_name}. */
    static final String TENANT_METADATA = "ultron_tenant";
    static final String VPC_METADATA = "ultron_vpc";
    static final String PREEMPTIBLE_METADATA = "ultron_preemptible";

    private static final Logger log = LoggerFactory.getLogger(ComputeTasks.class);
    private static final int ADDRESS_THREADS = 16;
    /** Room for the address commands of several 1,000-server batches at once. */
    private static final int ADDRESS_QUEUE = 10_000;
    private static final Duration FIRST_PENDING_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_PENDING_RETRY = Duration.ofSeconds(4);
    /** Refusals of a release that mean the server holds the address no more: nothing left to release. */
    private static final Set<String> NOT_HELD = Set.of("address-not-held", "address-held-by-another");

    private final OpenStackCompute compute;
    private final CommandGateway commands;
    private final ComputeSettings settings;
    private final ExecutorService addressThreads;
    /** Checks every few seconds must not pile up behind a slow cluster: one status call per server at a time. */
    private final Set<ServerId> checksInFlight = ConcurrentHashMap.newKeySet();
    private final BuildWatcher builds;
    /** Set when the node stops: outcomes still coming back from OpenStack may find the command bus gone. */
    private volatile boolean stopping;

    ComputeTasks(OpenStackCompute compute, CommandGateway commands, ComputeSettings settings) {
        this.compute = compute;
        this.commands = commands;
        this.settings = settings;
        this.builds = new BuildWatcher(compute, settings.buildWatchInterval(), settings.buildTimeout(),
                (watched, state) -> TaskTrace.inMdc(watched.trace(),
                        () -> reportBuildState(watched.serverId(), watched.attempt(), Optional.of(state), watched.trace())));
        this.addressThreads = new ThreadPoolExecutor(ADDRESS_THREADS, ADDRESS_THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(ADDRESS_QUEUE), ClusterExecutors.namedDaemons("server-address-"));
    }

    /** Builds this node's watcher is following. */
    int watchedBuilds() {
        return builds.watching();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        builds.stop();
        addressThreads.shutdownNow();
    }

    // ---- network: address, then the port that holds it

    @CommandHandler
    void handle(PrepareServerNetworkCommand command, CommandMessage<?> message) {
        MetaData trace = TaskTrace.of(message);
        prepareNetwork(command, trace, System.nanoTime() + settings.addressPendingTimeout().toNanos(), 1);
    }

    private void prepareNetwork(PrepareServerNetworkCommand command, MetaData trace, long giveUpAt, int tries) {
        AllocateServerAddressCommand allocate = new AllocateServerAddressCommand(command.vpcId(), command.subnetId(),
                command.clusterId(), command.serverId());
        this.<IpAllocationOutcome>onAddressThread(allocate, trace).whenComplete((outcome, failure) -> TaskTrace.inMdc(trace, () -> {
            Throwable cause = unwrap(failure);
            if (outcome instanceof IpAllocationOutcome.Allocated allocated) {
                createPort(command, allocated, trace);
            } else if (cause instanceof DomainException refused) {
                reportFailure(command.serverId(), command.attempt(), STEP_ADDRESS, refused.getMessage(), false, trace);
            } else if (outcome instanceof IpAllocationOutcome.Refused refused) {
                reportFailure(command.serverId(), command.attempt(), STEP_ADDRESS, refused.message(), false, trace);
            } else if (cause instanceof RejectedExecutionException) {
                log.warn("no room to allocate the address of {} now; its saga sends the step again", command.serverId());
            } else {
                // Pending: Neutron is still getting the cluster's slices. Anything else may pass as well.
                String why = outcome instanceof IpAllocationOutcome.Pending pending ? pending.reason() : String.valueOf(cause);
                Duration delay = Backoff.exponential(tries, FIRST_PENDING_RETRY, MAX_PENDING_RETRY);
                if (System.nanoTime() + delay.toNanos() - giveUpAt > 0) {
                    reportFailure(command.serverId(), command.attempt(), STEP_ADDRESS, "no address within "
                            + settings.addressPendingTimeout() + ": " + why, false, trace);
                } else {
                    log.debug("no address for {} yet ({}); asking again in {}", command.serverId(), why, delay);
                    CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                            .execute(() -> prepareNetwork(command, trace, giveUpAt, tries + 1));
                }
            }
        }));
    }

    private void createPort(PrepareServerNetworkCommand command, IpAllocationOutcome.Allocated allocated, MetaData trace) {
        CreatePort port = new CreatePort(command.serverId().value(), allocated.neutronNetworkId(),
                allocated.neutronSubnetId(), allocated.address());
        compute.createPort(command.clusterId(), port, TaskTrace.traceId(trace))
                .whenComplete((portId, failure) -> TaskTrace.inMdc(trace, () -> {
                    if (failure == null) {
                        report(new RecordServerNetworkReadyCommand(command.serverId(), command.attempt(),
                                allocated.subnetId(), allocated.address(), portId), trace);
                    } else {
                        reportFailure(command.serverId(), command.attempt(), STEP_PORT, failure, trace);
                    }
                }));
    }

    // ---- boot and build

    @CommandHandler
    void handle(BootNovaServerCommand command, CommandMessage<?> message) {
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
                        report(new RecordServerBuildingCommand(command.serverId(), command.attempt(), novaServerId), trace);
                    } else {
                        reportFailure(command.serverId(), command.attempt(), STEP_BOOT, failure, trace);
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
                log.warn("could not read the build status of {}: {}", command.serverId(), unwrap(failure).toString());
            } else {
                reportBuildState(command.serverId(), command.attempt(), state, trace);
            }
        }));
    }

    /** ACTIVE or ERROR is reported; a build still running is not (the watcher or the next check sees its end). */
    private void reportBuildState(ServerId server, int attempt, Optional<OpenStackCompute.ServerState> state,
                                  MetaData trace) {
        if (state.isEmpty()) {
            reportFailure(server, attempt, STEP_BUILD, "Nova holds no server for " + server, true, trace);
        } else if (state.get().active()) {
            String address = state.get().addresses().isEmpty() ? null : state.get().addresses().get(0);
            report(new RecordServerActiveCommand(server, attempt, state.get().host(), address), trace);
        } else if (state.get().failed()) {
            String fault = state.get().faultMessage();
            reportFailure(server, attempt, STEP_BUILD, fault == null ? "Nova put the server in ERROR" : fault, true, trace);
        }
    }

    // ---- clean-up: compensation of a failed attempt, or deletion

    @CommandHandler
    void handle(CleanUpServerCommand command, CommandMessage<?> message) {
        MetaData trace = TaskTrace.of(message);
        String ultronId = command.serverId().value();
        String traceId = TaskTrace.traceId(trace);
        CompletableFuture<Void> openStackCleared = command.clusterId() == null
                ? CompletableFuture.completedFuture(null)
                : compute.deleteServer(command.clusterId(), ultronId, traceId)
                        .thenCompose(deleted -> compute.deletePort(command.clusterId(), ultronId, traceId));
        openStackCleared.thenCompose(cleared -> releaseAddress(command, trace))
                .whenComplete((done, failure) -> TaskTrace.inMdc(trace, () -> {
                    if (failure == null) {
                        report(command.deleting() ? new RecordServerDeletedCommand(command.serverId())
                                : new RecordServerCompensatedCommand(command.serverId(), command.attempt()), trace);
                    } else {
                        Throwable cause = unwrap(failure);
                        log.warn("cleaning up {} failed (attempt {}): {}", command.serverId(), command.attempt(),
                                cause.toString());
                        report(new RecordServerCleanUpFailedCommand(command.serverId(), String.valueOf(cause.getMessage()),
                                command.attempt()), trace);
                    }
                }));
    }

    /**
     * Releases the address the clean-up names. When it names none but a subnet, the network step failed after it
     * took an address it could not report: asking for the server's address again hands that one back (or,
     * rarely, takes a fresh one), and it is released; a refusal or "pending" means the server holds none.
     */
    private CompletableFuture<Void> releaseAddress(CleanUpServerCommand command, MetaData trace) {
        if (command.address() != null) {
            return release(command.vpcId(), command.subnetId(), command.address(), command.serverId(), trace);
        }
        if (command.deleting() || command.vpcId() == null || command.subnetId() == null || command.clusterId() == null) {
            return CompletableFuture.completedFuture(null);
        }
        AllocateServerAddressCommand held = new AllocateServerAddressCommand(command.vpcId(), command.subnetId(),
                command.clusterId(), command.serverId());
        return this.<IpAllocationOutcome>onAddressThread(held, trace)
                .handle((outcome, failure) -> {
                    Throwable cause = unwrap(failure);
                    if (cause != null && !(cause instanceof DomainException)) {
                        throw new CompletionException(cause);
                    }
                    return outcome;
                })
                .thenCompose(outcome -> outcome instanceof IpAllocationOutcome.Allocated allocated
                        ? release(command.vpcId(), allocated.subnetId(), allocated.address(), command.serverId(), trace)
                        : CompletableFuture.completedFuture(null));
    }

    private CompletableFuture<Void> release(VpcId vpcId, SubnetId subnetId, String address, ServerId owner,
                                            MetaData trace) {
        return onAddressThread(new ReleaseIpCommand(vpcId, subnetId, address, owner.value()), trace)
                .handle((released, failure) -> {
                    Throwable cause = unwrap(failure);
                    if (cause == null || cause instanceof DomainException refused && NOT_HELD.contains(refused.code())) {
                        return null;
                    }
                    throw new CompletionException(cause);
                });
    }

    // ---- power

    @CommandHandler
    void handle(PowerNovaServerCommand command, CommandMessage<?> message) {
        MetaData trace = TaskTrace.of(message);
        String ultronId = command.serverId().value();
        String traceId = TaskTrace.traceId(trace);
        CompletableFuture<Void> done = switch (command.action()) {
            case START -> compute.startServer(command.clusterId(), ultronId, traceId);
            case STOP -> compute.stopServer(command.clusterId(), ultronId, traceId);
            case REBOOT -> compute.rebootServer(command.clusterId(), ultronId, traceId);
        };
        done.whenComplete((ignored, failure) -> TaskTrace.inMdc(trace, () -> {
            if (failure == null) {
                report(new RecordPowerActionCompletedCommand(command.serverId(), command.action()), trace);
            } else {
                Throwable cause = unwrap(failure);
                log.warn("{} of {} failed: {}", command.action(), command.serverId(), cause.toString());
                report(new RecordPowerActionFailedCommand(command.serverId(), command.action(),
                        String.valueOf(cause.getMessage())), trace);
            }
        }));
    }

    // ---- shared

    /** Dispatches on the address pool: the handler runs (and waits for its commit) there, not on a saga's thread. */
    private <R> CompletableFuture<R> onAddressThread(Object command, MetaData trace) {
        Supplier<CompletableFuture<R>> dispatch = () -> commands.send(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(trace));
        try {
            return CompletableFuture.supplyAsync(dispatch, addressThreads).thenCompose(sent -> sent);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(full);
        }
    }

    /** An OpenStack failure may pass on another cluster when OpenStack itself was the trouble (overload, outage). */
    private void reportFailure(ServerId serverId, int attempt, String step, Throwable failure, MetaData trace) {
        Throwable cause = unwrap(failure);
        boolean reschedulable = cause instanceof OpenStackCallException openStack && openStack.retryable();
        reportFailure(serverId, attempt, step, String.valueOf(cause.getMessage()), reschedulable, trace);
    }

    private void reportFailure(ServerId serverId, int attempt, String step, String reason, boolean reschedulable,
                               MetaData trace) {
        log.warn("server {} attempt {} failed in step {} ({}): {}", serverId, attempt, step,
                reschedulable ? "reschedulable" : "final", reason);
        report(new RecordServerProvisioningFailedCommand(serverId, attempt, step, reason, reschedulable), trace);
    }

    private void report(Object result, MetaData trace) {
        commands.send(GenericCommandMessage.asCommandMessage(result).andMetaData(trace))
                .exceptionally(failure -> {
                    if (stopping) {
                        // the saga's watchdog sends the step again, on a node that runs
                        log.info("the node is stopping; not recorded: {}", result);
                    } else {
                        log.error("could not record the outcome {}: {}", result, unwrap(failure).toString());
                    }
                    return null;
                });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
