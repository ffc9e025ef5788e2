package io.ultron.sagas.compute;

import io.ultron.api.compute.AllocateServerAddressCommand;
import io.ultron.api.compute.PrepareServerNetworkCommand;
import io.ultron.api.compute.RecordServerNetworkReadyCommand;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.sagas.Backoff;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.openstack.OpenStackCompute.CreatePort;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

/**
 * A server's network step: its address from the VPC, then the Neutron port that holds it. The handler only starts the
 * work and returns (it is called on a saga's thread). Run twice, it does no harm: the server asking for its address
 * again gets the one it holds, and the port is found by name before it is made. While the address is pending, the
 * step is asked again with a growing pause, by a stored retry ({@link NetworkRetries}), until
 * {@code address-pending-timeout}.
 */
@Component
class ServerNetworkTasks {

    private static final Logger log = LoggerFactory.getLogger(ServerNetworkTasks.class);
    private static final Duration FIRST_PENDING_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_PENDING_RETRY = Duration.ofSeconds(4);

    private final OpenStackCompute compute;
    private final AddressCommands addresses;
    private final ServerTaskReports reports;
    private final ComputeSettings settings;
    private final StepLeases leases;
    private final NetworkRetries retries;

    ServerNetworkTasks(OpenStackCompute compute, AddressCommands addresses, ServerTaskReports reports, ComputeSettings settings,
                       StepLeases leases, NetworkRetries retries) {
        this.compute = compute;
        this.addresses = addresses;
        this.reports = reports;
        this.settings = settings;
        this.leases = leases;
        this.retries = retries;
    }

    @CommandHandler
    void handle(PrepareServerNetworkCommand command, CommandMessage<?> message) {
        leases.hold(command.serverId(), command.attempt(), ServerProvisioningSaga.Step.NETWORK.name());
        prepareNetwork(PendingNetwork.first(command, TaskTrace.of(message), Instant.now().plus(settings.addressPendingTimeout())));
    }

    /** The step asked again after its address was pending (see {@link NetworkRetries}), on whichever node runs it. */
    void retry(PendingNetwork pending) {
        PrepareServerNetworkCommand command = pending.command();
        leases.hold(command.serverId(), command.attempt(), ServerProvisioningSaga.Step.NETWORK.name());
        prepareNetwork(pending);
    }

    private void prepareNetwork(PendingNetwork pending) {
        PrepareServerNetworkCommand command = pending.command();
        MetaData trace = pending.metaData();
        AllocateServerAddressCommand allocate = new AllocateServerAddressCommand(command.vpcId(), command.subnetId(),
                command.clusterId(), command.serverId());
        addresses.<IpAllocationOutcome>send(allocate, trace).whenComplete((outcome, failure) -> TaskTrace.inMdc(trace, () -> {
            Throwable cause = ServerTaskReports.unwrap(failure);
            if (outcome instanceof IpAllocationOutcome.Allocated allocated) {
                createPort(command, allocated, trace);
            } else if (cause instanceof DomainException refused) {
                reports.failure(command.serverId(), command.attempt(), ServerSteps.ADDRESS, refused.getMessage(), false, trace);
            } else if (outcome instanceof IpAllocationOutcome.Refused refused) {
                reports.failure(command.serverId(), command.attempt(), ServerSteps.ADDRESS, refused.message(), false, trace);
            } else if (cause instanceof RejectedExecutionException) {
                log.warn("no room to allocate the address of {} now; its saga sends the step again", command.serverId());
            } else {
                // Pending: Neutron is still getting the cluster's slices. Anything else may pass as well.
                String why = outcome instanceof IpAllocationOutcome.Pending p ? p.reason() : String.valueOf(cause);
                Duration delay = Backoff.exponential(pending.tries(), FIRST_PENDING_RETRY, MAX_PENDING_RETRY);
                if (Instant.now().plus(delay).isAfter(pending.giveUpAt())) {
                    reports.failure(command.serverId(), command.attempt(), ServerSteps.ADDRESS, "no address within "
                            + settings.addressPendingTimeout() + ": " + why, false, trace);
                } else {
                    log.debug("no address for {} yet ({}); asking again in {}", command.serverId(), why, delay);
                    retries.later(pending.next(), delay);
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
                        reports.report(new RecordServerNetworkReadyCommand(command.serverId(), command.attempt(),
                                allocated.subnetId(), allocated.address(), portId), trace);
                    } else {
                        reports.failure(command.serverId(), command.attempt(), ServerSteps.PORT, failure, trace);
                    }
                }));
    }
}
