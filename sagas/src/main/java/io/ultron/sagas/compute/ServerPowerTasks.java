package io.ultron.sagas.compute;

import io.ultron.api.compute.PowerNovaServerCommand;
import io.ultron.api.compute.RecordPowerActionCompletedCommand;
import io.ultron.api.compute.RecordPowerActionFailedCommand;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.OpenStackCompute;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/** Start, stop and reboot of a Nova server, reported back to the server. */
@Component
class ServerPowerTasks {

    private static final Logger log = LoggerFactory.getLogger(ServerPowerTasks.class);

    private final OpenStackCompute compute;
    private final ServerTaskReports reports;

    ServerPowerTasks(OpenStackCompute compute, ServerTaskReports reports) {
        this.compute = compute;
        this.reports = reports;
    }

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
                reports.report(new RecordPowerActionCompletedCommand(command.serverId(), command.action()), trace);
            } else {
                Throwable cause = ServerTaskReports.unwrap(failure);
                log.warn("{} of {} failed: {}", command.action(), command.serverId(), cause.toString());
                reports.report(new RecordPowerActionFailedCommand(command.serverId(), command.action(),
                        String.valueOf(cause.getMessage())), trace);
            }
        }));
    }
}
