package io.ultron.sagas.compute;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerNovaServerCommand;
import io.ultron.api.compute.RecordPowerActionFailedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionFailedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.ultron.sagas.compute.ServerProvisioningSaga.cancel;
import static io.ultron.sagas.compute.ServerProvisioningSaga.dispatch;

/**
 * One start, stop or reboot of a server. A saga rather than a plain event handler because the server refuses
 * every other action (and deletion) while one is pending: an action whose task was lost with its conductor is sent
 * again, and after {@value #MAX_RESENDS} silent resends it is recorded as failed, so the server is never stuck.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ServerPowerSaga {

    static final String SERVER_KEY = "serverId";
    static final String WATCHDOG = "server-power-watchdog";
    static final int MAX_RESENDS = ServerProvisioningSaga.MAX_RESENDS;

    private static final Logger log = LoggerFactory.getLogger(ServerPowerSaga.class);

    private ServerId serverId;
    private ClusterId clusterId;
    private PowerAction action;
    private int resends;
    private boolean givenUp;
    private String watchdogId;

    @StartSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerPowerActionRequestedEvent event, CommandGateway commands, DeadlineManager deadlines,
            ComputeSettings settings) {
        serverId = event.serverId();
        clusterId = event.clusterId();
        action = event.action();
        send(commands, deadlines, settings);
    }

    @DeadlineHandler(deadlineName = WATCHDOG)
    void noNews(PowerAction watched, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        watchdogId = null;
        if (resends >= MAX_RESENDS) {
            givenUp = true;
        } else {
            resends++;
            log.warn("no news of {} of {} within {}; sending it again", action, serverId, settings.stepTimeout());
        }
        send(commands, deadlines, settings);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerPowerActionCompletedEvent event, DeadlineManager deadlines) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerPowerActionFailedEvent event, DeadlineManager deadlines) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
    }

    private void send(CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        dispatch(commands, givenUp
                ? new RecordPowerActionFailedCommand(serverId, action, "no answer from OpenStack after "
                        + (MAX_RESENDS + 1) + " tries of " + settings.stepTimeout())
                : new PowerNovaServerCommand(serverId, clusterId, action));
        watchdogId = deadlines.schedule(settings.stepTimeout(), WATCHDOG, action);
    }
}
