package io.ultron.sagas.compute;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerResourcesReleasedEvent;
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.sagas.Backoff;
import io.ultron.sagas.sync.SyncSettings;
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
 * Deletes a server: its Nova server and port go, its address is released, then the server is DELETED; or, for a
 * server that vanished from its cluster, releases its port and address once the vanish grace period is over. A failed
 * clean-up is retried with backoff until it succeeds; one without news is sent again. Deletion is only allowed once
 * provisioning is over (ACTIVE, STOPPED or FAILED), so the provisioning saga has ended and the two never both react
 * to a server's clean-up events.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ServerDeletionSaga {

    static final String SERVER_KEY = "serverId";
    static final String WATCHDOG = "server-deletion-watchdog";
    static final String RETRY_CLEAN_UP = "retry-server-deletion";
    static final Duration FIRST_RETRY = ServerProvisioningSaga.FIRST_RETRY;
    static final Duration MAX_RETRY = ServerProvisioningSaga.MAX_RETRY;
    /** A deletion compensates no provisioning attempt. */
    static final int NO_ATTEMPT = 0;

    private static final Logger log = LoggerFactory.getLogger(ServerDeletionSaga.class);

    private ServerId serverId;
    private ClusterId clusterId;
    private VpcId vpcId;
    private SubnetId subnetId;
    private String address;
    private int failures;
    private String watchdogId;
    private String retryId;

    @StartSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerDeletionRequestedEvent event, CommandGateway commands, DeadlineManager deadlines,
            ComputeSettings settings) {
        serverId = event.serverId();
        clusterId = event.clusterId();
        vpcId = event.vpcId();
        subnetId = event.subnetId();
        address = event.address();
        cleanUp(commands, deadlines, settings);
    }

    /**
     * A server deleted outside Ultron (found by sync) keeps its port and address for the vanish grace period, then
     * they are cleaned up as a deletion's are (its Nova server too, should one named after it have come back).
     */
    @StartSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerVanishedEvent event, DeadlineManager deadlines, SyncSettings sync) {
        serverId = event.serverId();
        clusterId = event.clusterId();
        vpcId = event.vpcId();
        subnetId = event.subnetId();
        address = event.address();
        // the clean-up's own retry, the first time after the grace
        retryId = deadlines.schedule(sync.vanishGrace(), RETRY_CLEAN_UP, serverId);
    }

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerCleanUpFailedEvent event, DeadlineManager deadlines) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        retryId = cancel(deadlines, RETRY_CLEAN_UP, retryId);
        failures++;
        retryId = deadlines.schedule(backoff(failures), RETRY_CLEAN_UP, serverId);
    }

    @DeadlineHandler(deadlineName = RETRY_CLEAN_UP)
    void retry(ServerId server, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        retryId = null;
        cleanUp(commands, deadlines, settings);
    }

    @DeadlineHandler(deadlineName = WATCHDOG)
    void noNews(ServerId server, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        watchdogId = null;
        log.warn("no news of the deletion of {} within {}; sending it again", serverId, settings.stepTimeout());
        cleanUp(commands, deadlines, settings);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerDeletedEvent event, DeadlineManager deadlines) {
        stopTimers(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerResourcesReleasedEvent event, DeadlineManager deadlines) {
        stopTimers(deadlines);
    }

    private void stopTimers(DeadlineManager deadlines) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        retryId = cancel(deadlines, RETRY_CLEAN_UP, retryId);
    }

    private void cleanUp(CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        dispatch(commands, new CleanUpServerCommand(serverId, NO_ATTEMPT, clusterId, vpcId, subnetId, address, true));
        watchdogId = deadlines.schedule(settings.stepTimeout(), WATCHDOG, serverId);
    }

    static Duration backoff(int failures) {
        return Backoff.exponential(failures, FIRST_RETRY, MAX_RETRY);
    }
}
