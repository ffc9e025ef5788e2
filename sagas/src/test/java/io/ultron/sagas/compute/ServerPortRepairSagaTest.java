package io.ultron.sagas.compute;

import io.ultron.api.compute.PortDrift;
import io.ultron.api.compute.RepairServerPortCommand;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerPortDriftedEvent;
import io.ultron.api.compute.ServerPortRepairFailedEvent;
import io.ultron.api.compute.ServerPortRepairedEvent;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.compute.ServerVanishedEvent;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ultron.sagas.compute.ServerMother.ADDRESS;
import static io.ultron.sagas.compute.ServerMother.CLUSTER_A;
import static io.ultron.sagas.compute.ServerMother.SERVER;
import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;
import static io.ultron.sagas.compute.ServerPortRepairSaga.RETRY_REPAIR;
import static io.ultron.sagas.compute.ServerPortRepairSaga.WATCHDOG;

class ServerPortRepairSagaTest {

    static final ComputeSettings SETTINGS = ComputeSettings.defaults();
    static final Duration STEP_TIMEOUT = SETTINGS.stepTimeout();
    static final String NOVA_ID = "nova-1";

    SagaTestFixture<ServerPortRepairSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ServerPortRepairSaga.class);
        fixture.registerResource(SETTINGS);
    }

    static ServerPortDriftedEvent drifted(ServerStatus status) {
        return new ServerPortDriftedEvent(SERVER, CLUSTER_A, SUBNET, ADDRESS, NOVA_ID, status, PortDrift.MISSING,
                "no port ultron-" + SERVER.value());
    }

    static RepairServerPortCommand repair(boolean attach, int attempt) {
        return new RepairServerPortCommand(SERVER, CLUSTER_A, SUBNET, ADDRESS, NOVA_ID, attach, attempt);
    }

    static ServerPortRepairFailedEvent failed() {
        return new ServerPortRepairFailedEvent(SERVER, "Neutron answered 503", 1);
    }

    @Test
    void aDriftedPortIsMadeAgainWithTheServersAddressAndPluggedIn() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(drifted(ServerStatus.ACTIVE))
                .expectActiveSagas(1)
                .expectDispatchedCommands(repair(true, 1))
                .expectScheduledDeadlineWithName(STEP_TIMEOUT, WATCHDOG);
    }

    @Test
    void aServerInErrorGetsItsPortBackButNotPluggedIn() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(drifted(ServerStatus.ERROR))
                .expectDispatchedCommands(repair(false, 1));
    }

    @Test
    void aFailedRepairIsRetriedWithBackoff() throws Exception {
        fixture.givenAPublished(drifted(ServerStatus.ACTIVE))
                .whenPublishingA(failed())
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY_REPAIR)
                .expectNoScheduledDeadlineWithName(STEP_TIMEOUT, WATCHDOG);
    }

    @Test
    void theRetryDeadlineSendsTheRepairAgain() throws Exception {
        fixture.givenAPublished(drifted(ServerStatus.ACTIVE)).andThenAPublished(failed())
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectTriggeredDeadlinesWithName(RETRY_REPAIR)
                .expectDispatchedCommands(repair(true, 2))
                .expectScheduledDeadlineWithName(STEP_TIMEOUT, WATCHDOG);
    }

    @Test
    void aRepairWithoutNewsIsSentAgain() throws Exception {
        fixture.givenAPublished(drifted(ServerStatus.ACTIVE))
                .whenTimeElapses(STEP_TIMEOUT)
                .expectTriggeredDeadlinesWithName(WATCHDOG)
                .expectDispatchedCommands(repair(true, 1));
    }

    @Test
    void theRepairedPortEndsTheSagaWithNoDeadlineLeft() throws Exception {
        fixture.givenAPublished(drifted(ServerStatus.ACTIVE)).andThenAPublished(failed())
                .whenPublishingA(new ServerPortRepairedEvent(SERVER, CLUSTER_A, "port-2", ADDRESS))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void aServerDeletedMeanwhileNeedsNoPort() throws Exception {
        fixture.givenAPublished(drifted(ServerStatus.ACTIVE))
                .whenPublishingA(new ServerDeletionRequestedEvent(SERVER, CLUSTER_A, VPC, SUBNET, ADDRESS, ServerStatus.ACTIVE))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aServerGoneFromItsClusterMeanwhileNeedsNoPort() throws Exception {
        fixture.givenAPublished(drifted(ServerStatus.ACTIVE)).andThenAPublished(failed())
                .whenPublishingA(new ServerVanishedEvent(SERVER, CLUSTER_A, VPC, SUBNET, ADDRESS, ServerStatus.ACTIVE,
                        "gone from cluster"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }
}
