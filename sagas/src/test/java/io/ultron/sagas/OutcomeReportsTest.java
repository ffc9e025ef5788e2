package io.ultron.sagas;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutcomeReportsTest {

    record Outcome(String what) {
    }

    final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    final OutcomeReports outcomes = new OutcomeReports(DefaultCommandGateway.builder().commandBus(bus).build(), 5);
    final List<MetaData> recorded = new CopyOnWriteArrayList<>();
    final AtomicInteger tries = new AtomicInteger();

    @AfterEach
    void stop() {
        outcomes.stop();
    }

    @Test
    void anOutcomeThatCannotBeRecordedYetIsSentAgainUntilItIs() {
        bus.subscribe(Outcome.class.getName(), message -> {
            if (tries.incrementAndGet() < 3) {
                throw new IllegalStateException("database briefly away");
            }
            recorded.add(message.getMetaData());
            return null;
        });

        outcomes.send(new Outcome("pools provisioned"), MetaData.with("traceId", "t-1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !recorded.isEmpty());
        assertThat(tries).hasValue(3);
        assertThat(recorded).singleElement().satisfies(meta -> assertThat(meta.get("traceId")).isEqualTo("t-1"));
    }

    @Test
    void aMalformedOutcomeIsNotSentAgain() {
        bus.subscribe(Outcome.class.getName(), message -> {
            tries.incrementAndGet();
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid", "malformed");
        });

        outcomes.send(new Outcome("nonsense"), MetaData.emptyInstance());

        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> tries.get() == 1);
    }

    @Test
    void givesUpAfterItsTriesAndLeavesTheRestToTheSagasWatchdog() {
        bus.subscribe(Outcome.class.getName(), message -> {
            tries.incrementAndGet();
            throw new IllegalStateException("still away");
        });

        outcomes.send(new Outcome("lost"), MetaData.emptyInstance());

        await().atMost(Duration.ofSeconds(10)).until(() -> tries.get() == 5);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> tries.get() == 5);
    }
}
