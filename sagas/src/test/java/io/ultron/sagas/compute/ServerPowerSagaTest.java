package io.ultron.sagas.compute;

import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerNovaServerCommand;
import io.ultron.api.compute.RecordPowerActionFailedCommand;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionFailedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerStatus;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ultron.sagas.compute.ServerMother.CLUSTER_A;
import static io.ultron.sagas.compute.ServerMother.SERVER;

class ServerPowerSagaTest {

    static final ComputeSettings SETTINGS = ComputeSettings.defaults();
    static final Duration STEP_TIMEOUT = SETTINGS.stepTimeout();

    SagaTestFixture<ServerPowerSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ServerPowerSaga.class);
        fixture.registerResource(SETTINGS);
    }

    static ServerPowerActionRequestedEvent stopRequested() {
        return new ServerPowerActionRequestedEvent(SERVER, CLUSTER_A, PowerAction.STOP);
    }

    @Test
    void aRequestedActionIsSentToNovaAndWatched() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(stopRequested())
                .expectActiveSagas(1)
                .expectDispatchedCommands(new PowerNovaServerCommand(SERVER, CLUSTER_A, PowerAction.STOP))
                .expectScheduledDeadline(STEP_TIMEOUT, PowerAction.STOP);
    }

    @Test
    void anActionWithoutNewsIsSentAgain() throws Exception {
        fixture.givenAPublished(stopRequested())
                .whenTimeElapses(STEP_TIMEOUT)
                .expectDispatchedCommands(new PowerNovaServerCommand(SERVER, CLUSTER_A, PowerAction.STOP));
    }

    @Test
    void anActionSilentAfterEveryResendIsRecordedAsFailedSoTheServerIsNotStuck() throws Exception {
        fixture.givenAPublished(stopRequested())
                .andThenTimeElapses(STEP_TIMEOUT.multipliedBy(ServerPowerSaga.MAX_RESENDS))
                .whenTimeElapses(STEP_TIMEOUT)
                .expectDispatchedCommands(new RecordPowerActionFailedCommand(SERVER, PowerAction.STOP,
                        "no answer from OpenStack after 3 tries of " + STEP_TIMEOUT));
    }

    @Test
    void aCompletedActionEndsTheSaga() {
        fixture.givenAPublished(stopRequested())
                .whenPublishingA(new ServerPowerActionCompletedEvent(SERVER, PowerAction.STOP, ServerStatus.STOPPED))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aFailedActionEndsTheSaga() {
        fixture.givenAPublished(stopRequested())
                .whenPublishingA(new ServerPowerActionFailedEvent(SERVER, PowerAction.STOP, "Nova answered 409"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void theNextActionStartsAFreshSaga() {
        fixture.givenAPublished(stopRequested())
                .andThenAPublished(new ServerPowerActionCompletedEvent(SERVER, PowerAction.STOP, ServerStatus.STOPPED))
                .whenPublishingA(new ServerPowerActionRequestedEvent(SERVER, CLUSTER_A, PowerAction.START))
                .expectActiveSagas(1)
                .expectDispatchedCommands(new PowerNovaServerCommand(SERVER, CLUSTER_A, PowerAction.START));
    }
}
