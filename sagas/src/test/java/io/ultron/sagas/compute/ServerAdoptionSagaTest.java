package io.ultron.sagas.compute;

import io.ultron.api.compute.AdoptedServerNamedEvent;
import io.ultron.api.compute.NameAdoptedServerCommand;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.drift.UnownedServerId;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ultron.sagas.compute.ServerMother.ADDRESS;
import static io.ultron.sagas.compute.ServerMother.CLUSTER_A;
import static io.ultron.sagas.compute.ServerMother.NOVA_FLAVOR;
import static io.ultron.sagas.compute.ServerMother.NOVA_SERVER;
import static io.ultron.sagas.compute.ServerMother.SERVER;
import static io.ultron.sagas.compute.ServerMother.SPEC;
import static io.ultron.sagas.compute.ServerMother.SUBNET;

class ServerAdoptionSagaTest {

    static final ComputeSettings SETTINGS = ComputeSettings.defaults();
    static final Duration STEP_TIMEOUT = SETTINGS.stepTimeout();

    SagaTestFixture<ServerAdoptionSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ServerAdoptionSaga.class);
        fixture.registerResource(SETTINGS);
    }

    static ServerAdoptedEvent adopted() {
        return new ServerAdoptedEvent(SERVER, UnownedServerId.of("uns-1"), SPEC, 2, 4096, NOVA_FLAVOR, CLUSTER_A, SUBNET, ADDRESS,
                NOVA_SERVER, ServerStatus.ACTIVE, "host-1");
    }

    @Test
    void anAdoptedServerIsNamedAfterItsServer() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(adopted())
                .expectActiveSagas(1)
                .expectDispatchedCommands(new NameAdoptedServerCommand(SERVER, CLUSTER_A, NOVA_SERVER, ADDRESS, 1))
                .expectScheduledDeadline(STEP_TIMEOUT, SERVER);
    }

    @Test
    void namingIsTriedAgainUntilItIsDone() throws Exception {
        fixture.givenAPublished(adopted())
                .andThenTimeElapses(STEP_TIMEOUT)
                .whenTimeElapses(STEP_TIMEOUT)
                .expectDispatchedCommands(new NameAdoptedServerCommand(SERVER, CLUSTER_A, NOVA_SERVER, ADDRESS, 3));
    }

    @Test
    void aNamedServerEndsTheSaga() {
        fixture.givenAPublished(adopted())
                .whenPublishingA(new AdoptedServerNamedEvent(SERVER, "port-1"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }
}
