package io.ultron.sagas.compute;

import io.ultron.api.compute.RecordBatchServerSettledCommand;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerFailedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Tells each batch when one of its servers is settled (ACTIVE or FAILED). At least once: the command is sent and
 * waited for, and a failure is thrown back to the processor, which handles the event again (see
 * {@link ComputeProcessing}); the batch counts each server once.
 */
@Component
@ProcessingGroup(BatchProgressTracker.GROUP)
class BatchProgressTracker {

    static final String GROUP = "batch-progress";

    private final CommandGateway commands;

    BatchProgressTracker(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(ServerActiveEvent event) {
        commands.sendAndWait(new RecordBatchServerSettledCommand(event.batchId(), event.serverId(), true, null));
    }

    @EventHandler
    void on(ServerFailedEvent event) {
        commands.sendAndWait(new RecordBatchServerSettledCommand(event.batchId(), event.serverId(), false, event.reason()));
    }
}
