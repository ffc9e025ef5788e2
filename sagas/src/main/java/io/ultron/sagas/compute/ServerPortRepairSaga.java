package io.ultron.sagas.compute;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.RepairServerPortCommand;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerPortDriftedEvent;
import io.ultron.api.compute.ServerPortRepairFailedEvent;
import io.ultron.api.compute.ServerPortRepairedEvent;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.sagas.Backoff;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static io.ultron.sagas.compute.ServerProvisioningSaga.cancel;
import static io.ultron.sagas.compute.ServerProvisioningSaga.dispatch;

/**
 * Repairs a server's Neutron port that sync found missing or changed: the port {@code ultron-<serverId>} is made
 * again with the server's own address (Ultron's IPAM holds it for the server; never a new one) and plugged into its
 * Nova server, then the server records the new port. A failed repair is retried with backoff until it succeeds; one
 * without news is sent again. A server deleted meanwhile (by a user, or gone from its cluster) needs no port: the
 * saga ends, and the deletion's clean-up removes whatever port of that name there is.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ServerPortRepairSaga {

    static final String SERVER_KEY = "serverId";
    static final String WATCHDOG = "server-port-repair-watchdog";
    static final String RETRY_REPAIR = "retry-server-port-repair";
    static final Duration FIRST_RETRY = ServerProvisioningSaga.FIRST_RETRY;
    static final Duration MAX_RETRY = ServerProvisioningSaga.MAX_RETRY;

    private static final Logger log = LoggerFactory.getLogger(ServerPortRepairSaga.class);

    private ServerId serverId;
    private ClusterId clusterId;
    private SubnetId subnetId;
    private String address;
    private String novaServerId;
    /** Nova refuses to plug a port into a server in ERROR: its port is made again, not attached. */
    private boolean attach;
    private int failures;
    private String watchdogId;
    private String retryId;

    @StartSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerPortDriftedEvent event, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        serverId = event.serverId();
        clusterId = event.clusterId();
        subnetId = event.subnetId();
        address = event.address();
        novaServerId = event.novaServerId();
        attach = event.status() != ServerStatus.ERROR;
        repair(commands, deadlines, settings);
    }

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerPortRepairFailedEvent event, DeadlineManager deadlines) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        retryId = cancel(deadlines, RETRY_REPAIR, retryId);
        failures++;
        retryId = deadlines.schedule(backoff(failures), RETRY_REPAIR, serverId);
    }

    @DeadlineHandler(deadlineName = RETRY_REPAIR)
    void retry(ServerId server, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        retryId = null;
        repair(commands, deadlines, settings);
    }

    @DeadlineHandler(deadlineName = WATCHDOG)
    void noNews(ServerId server, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        watchdogId = null;
        log.warn("no news of the port repair of {} within {}; sending it again", serverId, settings.stepTimeout());
        repair(commands, deadlines, settings);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerPortRepairedEvent event, DeadlineManager deadlines) {
        stopTimers(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerDeletionRequestedEvent event, DeadlineManager deadlines) {
        stopTimers(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerVanishedEvent event, DeadlineManager deadlines) {
        stopTimers(deadlines);
    }

    private void stopTimers(DeadlineManager deadlines) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        retryId = cancel(deadlines, RETRY_REPAIR, retryId);
    }

    private void repair(CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        dispatch(commands, new RepairServerPortCommand(serverId, clusterId, subnetId, address, novaServerId, attach,
                failures + 1));
        watchdogId = deadlines.schedule(settings.stepTimeout(), WATCHDOG, serverId);
    }

    static Duration backoff(int failures) {
        return Backoff.exponential(failures, FIRST_RETRY, MAX_RETRY);
    }
}
