package io.ultron.sagas.compute;

import io.ultron.api.compute.RecordServerPortRepairFailedCommand;
import io.ultron.api.compute.RecordServerPortRepairedCommand;
import io.ultron.api.compute.RepairServerPortCommand;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.openstack.OpenStackCompute.RepairPort;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The repair of a server's Neutron port, reported back to the server. */
@Component
class ServerPortRepairTasks {

    private static final Logger log = LoggerFactory.getLogger(ServerPortRepairTasks.class);

    private final OpenStackCompute compute;
    private final ServerTaskReports reports;

    ServerPortRepairTasks(OpenStackCompute compute, ServerTaskReports reports) {
        this.compute = compute;
        this.reports = reports;
    }

    @CommandHandler
    void handle(RepairServerPortCommand command, CommandMessage<?> message) {
        MetaData trace = TaskTrace.of(message);
        compute.repairPort(command.clusterId(), new RepairPort(command.serverId().value(), command.subnetId().value(),
                        command.address(), command.novaServerId(), command.attach()), TaskTrace.traceId(trace))
                .whenComplete((portId, failure) -> TaskTrace.inMdc(trace, () -> {
                    if (failure == null) {
                        log.info("port of {} repaired: {} holds {} again", command.serverId(), portId, command.address());
                        reports.report(new RecordServerPortRepairedCommand(command.serverId(), portId), trace);
                    } else {
                        Throwable cause = ServerTaskReports.unwrap(failure);
                        log.warn("repairing the port of {} failed (attempt {}): {}", command.serverId(), command.attempt(),
                                cause.toString());
                        reports.report(new RecordServerPortRepairFailedCommand(command.serverId(),
                                String.valueOf(cause.getMessage()), command.attempt()), trace);
                    }
                }));
    }
}
