package io.ultron.projections.rebuild;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RebuildPacingTest {

    private final OnlineRequests online = new OnlineRequests();

    @Test
    void withoutOnlineRequestsARebuildWorksInWholeChunks() {
        RebuildPacing pacing = new RebuildPacing(online, 1000, 50, Duration.ofSeconds(1), Duration.ofSeconds(5));

        RebuildPacing.Unit unit = pacing.nextUnit(true);

        assertThat(unit.events()).isEqualTo(1000);
        assertThat(unit.busy()).isFalse();
    }

    @Test
    void whileARequestIsInFlightTheNextUnitWaitsForItAndIsSmall() throws Exception {
        RebuildPacing pacing = new RebuildPacing(online, 1000, 50, Duration.ofSeconds(1), Duration.ofSeconds(30));
        online.started();

        CompletableFuture<RebuildPacing.Unit> next = CompletableFuture.supplyAsync(() -> pacing.nextUnit(true));
        // still waiting while the request is being answered (the wait could last up to 30 s)
        assertThat(next).isNotDone();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());
        online.finished();

        RebuildPacing.Unit unit = next.get(5, TimeUnit.SECONDS);
        assertThat(unit.events()).isEqualTo(50);
        assertThat(unit.busy()).isTrue();
    }

    @Test
    void aRequestAnsweredWithinTheBusyWindowStillMakesUnitsSmallButNeedsNoWait() {
        RebuildPacing pacing = new RebuildPacing(online, 1000, 50, Duration.ofMinutes(1), Duration.ofMinutes(1));
        online.started();
        online.finished();

        RebuildPacing.Unit unit = pacing.nextUnit(true);

        assertThat(unit).isEqualTo(new RebuildPacing.Unit(50, true));
    }

    @Test
    void onceTheBusyWindowHasPassedChunksAreWholeAgain() {
        RebuildPacing pacing = new RebuildPacing(online, 1000, 50, Duration.ofMillis(50), Duration.ofSeconds(1));
        online.started();
        online.finished();

        await().atMost(Duration.ofSeconds(5)).until(() -> pacing.nextUnit(true).events() == 1000);
    }

    @Test
    void theWaitIsBoundedSoARebuildAlwaysMovesOn() {
        RebuildPacing pacing = new RebuildPacing(online, 1000, 50, Duration.ofSeconds(1), Duration.ofMillis(100));
        online.started(); // a request that never ends

        CompletableFuture<RebuildPacing.Unit> next = CompletableFuture.supplyAsync(() -> pacing.nextUnit(true));

        await().atMost(Duration.ofSeconds(5)).until(next::isDone);
        assertThat(next.join()).isEqualTo(new RebuildPacing.Unit(50, true));
    }

    @Test
    void atTheHeadOfTheStreamARebuildNeitherWaitsNorShrinks() {
        RebuildPacing pacing = new RebuildPacing(online, 1000, 50, Duration.ofSeconds(1), Duration.ofMinutes(10));
        online.started();

        RebuildPacing.Unit unit = pacing.nextUnit(false);

        assertThat(unit).isEqualTo(new RebuildPacing.Unit(1000, false));
    }

    @Test
    void writersOfABusyUnitWaitForRequestsInFlightToo() throws Exception {
        RebuildPacing pacing = new RebuildPacing(online, 1000, 50, Duration.ofSeconds(1), Duration.ofSeconds(30));
        online.started();

        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> pacing.beforeWrite(new RebuildPacing.Unit(50, true)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !write.isDone());
        online.finished();

        write.get(5, TimeUnit.SECONDS);
        // a unit taken while no request was around is written at once, even if one has started since
        online.started();
        CompletableFuture.runAsync(() -> pacing.beforeWrite(new RebuildPacing.Unit(1000, false))).get(5, TimeUnit.SECONDS);
    }

    @Test
    void chunksOfNoEventsAreRefused() {
        assertThatThrownBy(() -> new RebuildPacing(online, 0, 50, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
