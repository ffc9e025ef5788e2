package io.ultron.sagas.compute;

import static io.ultron.sagas.compute.ServerMother.NOVA_SERVER;
import static io.ultron.sagas.compute.ServerMother.NOVA_FLAVOR;
import static io.ultron.sagas.compute.ServerMother.SPEC;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.api.compute.NameAdoptedServerCommand;
import io.ultron.api.compute.ServerAdoptedEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerNovaServerCommand;
import io.ultron.api.compute.PrepareServerNetworkCommand;
import io.ultron.api.compute.RescheduleServerCommand;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerStatus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ultron.sagas.compute.ServerMother.ADDRESS;
import static io.ultron.sagas.compute.ServerMother.CLUSTER_A;
import static io.ultron.sagas.compute.ServerMother.SERVER;
import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;
import static org.assertj.core.api.Assertions.assertThat;

/** Saga state is stored as JSON between events: a saga read back carries on where it was. */
class ComputeSagasSerializationTest {

    private static final ComputeSettings SETTINGS = ComputeSettings.defaults();

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
            .build();
    private final List<Object> sent = new CopyOnWriteArrayList<>();
    private final CommandGateway commands = capturingGateway();
    private final DeadlineManager deadlines = new CountingDeadlines();

    @Test
    void aProvisioningSagaReadBackCompensatesAndReschedulesAsItWouldHave() {
        ServerProvisioningSaga saga = new ServerProvisioningSaga();
        saga.on(ServerProvisioningSagaTest.requested());
        saga.on(ServerProvisioningSagaTest.scheduled(1), commands, deadlines, SETTINGS);
        saga.on(ServerProvisioningSagaTest.networkReady(), commands, deadlines, SETTINGS);
        saga.on(ServerProvisioningSagaTest.building(), deadlines, SETTINGS);
        saga.on(ServerProvisioningSagaTest.failed(1, ServerSteps.BUILD, "no host", true), commands, deadlines,
                SETTINGS);

        ServerProvisioningSaga readBack = roundTrip(saga, ServerProvisioningSaga.class);
        assertThat(json(readBack)).isEqualTo(json(saga));
        sent.clear();
        readBack.on(new ServerCompensatedEvent(SERVER, 1, CLUSTER_A), commands, deadlines, SETTINGS);

        assertThat(sent).containsExactly(new RescheduleServerCommand(SERVER, List.of(CLUSTER_A), "no host"));
    }

    @Test
    void aDeletionSagaReadBackRetriesTheSameCleanUp() {
        ServerDeletionSaga saga = new ServerDeletionSaga();
        saga.on(new ServerDeletionRequestedEvent(SERVER, CLUSTER_A, VPC, SUBNET, ADDRESS, ServerStatus.ACTIVE),
                commands, deadlines, SETTINGS);

        ServerDeletionSaga readBack = roundTrip(saga, ServerDeletionSaga.class);
        sent.clear();
        readBack.retry(SERVER, commands, deadlines, SETTINGS);

        assertThat(sent).containsExactly(new CleanUpServerCommand(SERVER, ServerDeletionSaga.NO_ATTEMPT, CLUSTER_A, VPC,
                SUBNET, ADDRESS, true));
    }

    @Test
    void aPowerSagaReadBackSendsTheSameActionAgain() {
        ServerPowerSaga saga = new ServerPowerSaga();
        saga.on(new ServerPowerActionRequestedEvent(SERVER, CLUSTER_A, PowerAction.REBOOT), commands, deadlines, SETTINGS);

        ServerPowerSaga readBack = roundTrip(saga, ServerPowerSaga.class);
        sent.clear();
        readBack.noNews(PowerAction.REBOOT, commands, deadlines, SETTINGS);

        assertThat(sent).containsExactly(new PowerNovaServerCommand(SERVER, CLUSTER_A, PowerAction.REBOOT));
    }

    @Test
    void anAdoptionSagaReadBackNamesTheSameServerAgain() {
        ServerAdoptionSaga saga = new ServerAdoptionSaga();
        saga.on(new ServerAdoptedEvent(SERVER, UnownedServerId.of("uns-1"), SPEC, 2, 4096, NOVA_FLAVOR, CLUSTER_A, SUBNET, ADDRESS,
                NOVA_SERVER, ServerStatus.ACTIVE, "host-1"), commands, deadlines, SETTINGS);

        ServerAdoptionSaga readBack = roundTrip(saga, ServerAdoptionSaga.class);
        sent.clear();
        readBack.retry(SERVER, commands, deadlines, SETTINGS);

        assertThat(sent).containsExactly(new NameAdoptedServerCommand(SERVER, CLUSTER_A, NOVA_SERVER, ADDRESS, 2));
    }

    private <T> T roundTrip(T saga, Class<T> type) {
        SerializedObject<byte[]> stored = serializer.serialize(saga, byte[].class);
        return type.cast(serializer.deserialize(stored));
    }

    private String json(Object saga) {
        return new String(serializer.serialize(saga, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    /** A real gateway whose bus records every command instead of handling it. */
    private CommandGateway capturingGateway() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        for (Class<?> command : List.of(PrepareServerNetworkCommand.class, BootNovaServerCommand.class,
                CleanUpServerCommand.class,
                RescheduleServerCommand.class, PowerNovaServerCommand.class, NameAdoptedServerCommand.class)) {
            bus.subscribe(command.getName(), message -> {
                sent.add(message.getPayload());
                return null;
            });
        }
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }

    /** Hands out deadline ids outside of any saga scope; nothing fires. */
    private static final class CountingDeadlines implements DeadlineManager {

        private int next;

        @Override
        public String schedule(Instant triggerDateTime, String deadlineName, Object payload, ScopeDescriptor scope) {
            return deadlineName + "-" + ++next;
        }

        @Override
        public String schedule(Duration triggerDuration, String deadlineName, Object payload) {
            return schedule(Instant.now().plus(triggerDuration), deadlineName, payload, null);
        }

        @Override
        public void cancelSchedule(String deadlineName, String scheduleId) {
        }

        @Override
        public void cancelAll(String deadlineName) {
        }

        @Override
        public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        }

        @Override
        public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super DeadlineMessage<?>> interceptor) {
            return () -> true;
        }

        @Override
        public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super DeadlineMessage<?>> interceptor) {
            return () -> true;
        }
    }
}
