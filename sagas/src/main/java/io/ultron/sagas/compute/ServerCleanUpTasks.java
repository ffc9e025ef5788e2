package io.ultron.sagas.compute;

import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.RecordServerCleanUpFailedCommand;
import io.ultron.api.compute.RecordServerCompensatedCommand;
import io.ultron.api.compute.RecordServerDeletedCommand;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.ReleaseServerAddressCommand;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.OpenStackCompute;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The compensation of a failed attempt, and the deletion of a server: its Nova server, then its port, then its
 * address. Each part is done as well when it is gone already, so a clean-up sent twice ends the same.
 */
@Component
class ServerCleanUpTasks {

    private static final Logger log = LoggerFactory.getLogger(ServerCleanUpTasks.class);

    private final OpenStackCompute compute;
    private final AddressCommands addresses;
    private final ServerTaskReports reports;
    private final StepLeases leases;

    ServerCleanUpTasks(OpenStackCompute compute, AddressCommands addresses, ServerTaskReports reports, StepLeases leases) {
        this.compute = compute;
        this.addresses = addresses;
        this.reports = reports;
        this.leases = leases;
    }

    @CommandHandler
    void handle(CleanUpServerCommand command, CommandMessage<?> message) {
        leases.hold(command.serverId(), command.attempt(), ServerProvisioningSaga.Step.CLEAN_UP.name());
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
                        reports.report(command.deleting() ? new RecordServerDeletedCommand(command.serverId())
                                : new RecordServerCompensatedCommand(command.serverId(), command.attempt()), trace);
                    } else {
                        Throwable cause = ServerTaskReports.unwrap(failure);
                        log.warn("cleaning up {} failed (attempt {}): {}", command.serverId(), command.attempt(),
                                cause.toString());
                        reports.report(new RecordServerCleanUpFailedCommand(command.serverId(), String.valueOf(cause.getMessage()),
                                command.attempt()), trace);
                    }
                }));
    }

    /**
     * Releases the address the clean-up names. When it names none but a subnet, the network step failed after it may
     * have taken an address it could not report: the VPC releases whatever the server holds of the cluster there.
     */
    private CompletableFuture<Void> releaseAddress(CleanUpServerCommand command, MetaData trace) {
        if (command.address() != null) {
            return addresses.release(command.vpcId(), command.subnetId(), command.address(), command.serverId(), trace);
        }
        if (command.deleting() || command.vpcId() == null || command.subnetId() == null || command.clusterId() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return addresses.send(new ReleaseServerAddressCommand(command.vpcId(), command.subnetId(), command.clusterId(),
                command.serverId()), trace).handle((released, failure) -> {
                    Throwable cause = ServerTaskReports.unwrap(failure);
                    // refused (the subnet is gone, say): the server holds nothing there
                    if (cause == null || cause instanceof DomainException) {
                        return null;
                    }
                    throw new CompletionException(cause);
                });
    }
}
