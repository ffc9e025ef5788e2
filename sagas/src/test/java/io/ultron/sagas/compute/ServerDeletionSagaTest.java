package io.ultron.sagas.compute;

import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerResourcesReleasedEvent;
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.sagas.sync.SyncSettings;
import io.ultron.api.compute.ServerStatus;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ultron.sagas.compute.ServerDeletionSaga.RETRY_CLEAN_UP;
import static io.ultron.sagas.compute.ServerDeletionSaga.WATCHDOG;
import static io.ultron.sagas.compute.ServerMother.ADDRESS;
import static io.ultron.sagas.compute.ServerMother.CLUSTER_A;
import static io.ultron.sagas.compute.ServerMother.SERVER;
import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;

class ServerDeletionSagaTest {

    static final ComputeSettings SETTINGS = ComputeSettings.defaults();
    static final Duration STEP_TIMEOUT = SETTINGS.stepTimeout();

    SagaTestFixture<ServerDeletionSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ServerDeletionSaga.class);
        fixture.registerResource(SETTINGS);
        fixture.registerResource(SYNC);
    }

    static final SyncSettings SYNC = new SyncSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(10),
            Duration.ofMinutes(10), Duration.ofSeconds(15), Duration.ofSeconds(90), 4);

    static ServerVanishedEvent vanished() {
        return new ServerVanishedEvent(SERVER, CLUSTER_A, VPC, SUBNET, ADDRESS, ServerStatus.ACTIVE, "gone from cluster");
    }

    @Test
    void aVanishedServerKeepsItsPortAndAddressForTheGracePeriod() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(vanished())
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(SYNC.vanishGrace(), RETRY_CLEAN_UP);
    }

    @Test
    void afterTheGraceAVanishedServersPortAndAddressAreCleanedUpUntilReleased() throws Exception {
        fixture.givenAPublished(vanished())
                .whenTimeElapses(SYNC.vanishGrace())
                .expectDispatchedCommands(deleteEverything())
                .expectScheduledDeadlineWithName(STEP_TIMEOUT, WATCHDOG);
        fixture.givenAPublished(vanished())
                .whenPublishingA(new ServerResourcesReleasedEvent(SERVER))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    static ServerDeletionRequestedEvent deletionOfActive() {
        return new ServerDeletionRequestedEvent(SERVER, CLUSTER_A, VPC, SUBNET, ADDRESS, ServerStatus.ACTIVE);
    }

    static CleanUpServerCommand deleteEverything() {
        return new CleanUpServerCommand(SERVER, ServerDeletionSaga.NO_ATTEMPT, CLUSTER_A, VPC, SUBNET, ADDRESS, true);
    }

    static ServerCleanUpFailedEvent cleanUpFailed() {
        return new ServerCleanUpFailedEvent(SERVER, "Nova answered 503", ServerDeletionSaga.NO_ATTEMPT);
    }

    @Test
    void deletingAServerRemovesItsOpenStackResourcesAndItsAddress() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(deletionOfActive())
                .expectActiveSagas(1)
                .expectDispatchedCommands(deleteEverything())
                .expectScheduledDeadlineWithName(STEP_TIMEOUT, WATCHDOG);
    }

    @Test
    void aFailedServerIsDeletedWithTheAddressItNoLongerHolds() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(new ServerDeletionRequestedEvent(SERVER, CLUSTER_A, VPC, SUBNET, null, ServerStatus.FAILED))
                .expectDispatchedCommands(new CleanUpServerCommand(SERVER, ServerDeletionSaga.NO_ATTEMPT, CLUSTER_A, VPC,
                        SUBNET, null, true));
    }

    @Test
    void aFailedCleanUpIsRetriedWithBackoff() {
        fixture.givenAPublished(deletionOfActive())
                .whenPublishingA(cleanUpFailed())
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY_CLEAN_UP)
                .expectNoScheduledDeadlineWithName(STEP_TIMEOUT, WATCHDOG);
    }

    @Test
    void theRetryDeadlineSendsTheCleanUpAgain() throws Exception {
        fixture.givenAPublished(deletionOfActive()).andThenAPublished(cleanUpFailed())
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectTriggeredDeadlinesWithName(RETRY_CLEAN_UP)
                .expectDispatchedCommands(deleteEverything())
                .expectScheduledDeadlineWithName(STEP_TIMEOUT, WATCHDOG);
    }

    @Test
    void eachFurtherFailureWaitsTwiceAsLong() throws Exception {
        fixture.givenAPublished(deletionOfActive()).andThenAPublished(cleanUpFailed())
                .andThenTimeElapses(Duration.ofSeconds(2)).andThenAPublished(cleanUpFailed())
                .andThenTimeElapses(Duration.ofSeconds(4))
                .whenPublishingA(cleanUpFailed())
                .expectScheduledDeadlineWithName(Duration.ofSeconds(8), RETRY_CLEAN_UP);
    }

    @Test
    void aCleanUpWithoutNewsIsSentAgain() throws Exception {
        fixture.givenAPublished(deletionOfActive())
                .whenTimeElapses(STEP_TIMEOUT)
                .expectTriggeredDeadlinesWithName(WATCHDOG)
                .expectDispatchedCommands(deleteEverything());
    }

    @Test
    void theDeletedServerEndsTheSagaWithNoDeadlineLeft() throws Exception {
        fixture.givenAPublished(deletionOfActive()).andThenAPublished(cleanUpFailed())
                .whenPublishingA(new ServerDeletedEvent(SERVER))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }
}
