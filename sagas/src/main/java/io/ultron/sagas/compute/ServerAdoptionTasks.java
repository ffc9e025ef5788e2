package io.ultron.sagas.compute;

import io.ultron.api.compute.NameAdoptedServerCommand;
import io.ultron.api.compute.RecordAdoptedServerNamedCommand;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.OpenStackCompute;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Names an adopted server's Nova server and port after it; reports success only (its saga tries again otherwise). */
@Component
class ServerAdoptionTasks {

    private static final Logger log = LoggerFactory.getLogger(ServerAdoptionTasks.class);

    private final OpenStackCompute compute;
    private final ServerTaskReports reports;

    ServerAdoptionTasks(OpenStackCompute compute, ServerTaskReports reports) {
        this.compute = compute;
        this.reports = reports;
    }

    @CommandHandler
    void handle(NameAdoptedServerCommand command, CommandMessage<?> message) {
        MetaData trace = TaskTrace.of(message);
        compute.nameAdoptedServer(command.clusterId(), command.novaServerId(), command.serverId().value(), command.address(),
                TaskTrace.traceId(trace)).whenComplete((portId, failure) -> TaskTrace.inMdc(trace, () -> {
                    if (failure == null) {
                        reports.report(new RecordAdoptedServerNamedCommand(command.serverId(), portId), trace);
                    } else {
                        log.warn("naming adopted server {} (attempt {}) failed: {}", command.serverId(), command.attempt(),
                                ServerTaskReports.unwrap(failure).toString());
                    }
                }));
    }
}
