package io.ultron.sagas.compute;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.AdoptedServerNamedEvent;
import io.ultron.api.compute.NameAdoptedServerCommand;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.ServerId;
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
 * Names an adopted server's Nova server and port after it, as Ultron names what it makes, so that its actions and
 * its deletion find them. The server refuses actions until then, so the naming is tried again every step timeout
 * until it is done (a failure is logged by the task; its cluster may be down for a while).
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ServerAdoptionSaga {

    static final String SERVER_KEY = "serverId";
    static final String RETRY = "server-adoption-retry";

    private static final Logger log = LoggerFactory.getLogger(ServerAdoptionSaga.class);

    private ServerId serverId;
    private ClusterId clusterId;
    private String novaServerId;
    private String address;
    private int attempt;
    private String retryId;

    @StartSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerAdoptedEvent event, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        serverId = event.serverId();
        clusterId = event.clusterId();
        novaServerId = event.novaServerId();
        address = event.address();
        send(commands, deadlines, settings);
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry(ServerId due, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        retryId = null;
        log.warn("server {} is not named yet after attempt {}; trying again", serverId, attempt);
        send(commands, deadlines, settings);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(AdoptedServerNamedEvent event, DeadlineManager deadlines) {
        retryId = cancel(deadlines, RETRY, retryId);
    }

    private void send(CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        attempt++;
        dispatch(commands, new NameAdoptedServerCommand(serverId, clusterId, novaServerId, address, attempt));
        retryId = deadlines.schedule(settings.stepTimeout(), RETRY, serverId);
    }
}
