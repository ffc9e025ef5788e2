package io.ultron.sagas.compute;

import io.ultron.api.compute.RecordBatchServerSettledCommand;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerFailedEvent;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ultron.sagas.compute.ServerMother.ADDRESS;
import static io.ultron.sagas.compute.ServerMother.BATCH;
import static io.ultron.sagas.compute.ServerMother.CLUSTER_A;
import static io.ultron.sagas.compute.ServerMother.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchProgressTrackerTest {

    private final List<Object> settled = new ArrayList<>();
    private RuntimeException batchRefusal;
    private BatchProgressTracker tracker;

    @BeforeEach
    void setUp() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(RecordBatchServerSettledCommand.class.getName(), message -> {
            if (batchRefusal != null) {
                throw batchRefusal;
            }
            settled.add(message.getPayload());
            return null;
        });
        tracker = new BatchProgressTracker(DefaultCommandGateway.builder().commandBus(bus).build());
    }

    @Test
    void anActiveServerIsSettledInItsBatch() {
        tracker.on(new ServerActiveEvent(SERVER, BATCH, 1, CLUSTER_A, "host-1", ADDRESS));

        assertThat(settled).containsExactly(new RecordBatchServerSettledCommand(BATCH, SERVER, true, null));
    }

    @Test
    void aFailedServerIsSettledWithItsReason() {
        tracker.on(new ServerFailedEvent(SERVER, BATCH, "no valid host"));

        assertThat(settled).containsExactly(new RecordBatchServerSettledCommand(BATCH, SERVER, false, "no valid host"));
    }

    @Test
    void aSettlementTheBatchDidNotTakeIsThrownBackToTheProcessorToBeHandledAgain() {
        batchRefusal = new IllegalStateException("database unavailable");

        assertThatThrownBy(() -> tracker.on(new ServerFailedEvent(SERVER, BATCH, "no valid host")))
                .hasMessageContaining("database unavailable");
    }
}
