package io.ultron.command.drift;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.DeleteLeftoverServerCommand;
import io.ultron.api.drift.LeftoverServerDeletedEvent;
import io.ultron.api.drift.LeftoverServerDeletionStartedEvent;
import io.ultron.api.drift.RecordLeftoverServerDeletedCommand;
import io.ultron.api.drift.RecordUnownedServerCommand;
import io.ultron.api.drift.RecordUnownedServerGoneCommand;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.drift.UnownedServerChangedEvent;
import io.ultron.api.drift.UnownedServerFoundEvent;
import io.ultron.api.drift.UnownedServerGoneEvent;
import io.ultron.api.drift.UnownedServerId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

class UnownedServerTest {

    static final ClusterId CLUSTER = ClusterId.of("cl-1");
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(10);

    AggregateTestFixture<UnownedServer> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UnownedServer.class);
    }

    static UnownedServerId id(String nova) {
        return UnownedServerId.of(CLUSTER, nova);
    }

    static RecordUnownedServerCommand seen(String nova, String name, String status, Instant at) {
        return new RecordUnownedServerCommand(id(nova), CLUSTER, nova, name, status, "host-1", List.of("11.0.0.5"), at);
    }

    static UnownedServerFoundEvent found(String nova, String name, UnownedKind kind, Instant at) {
        return new UnownedServerFoundEvent(id(nova), CLUSTER, nova, name, kind, "ACTIVE", "host-1", List.of("11.0.0.5"), at);
    }

    @Test
    void idsAreTheSameForTheSameNovaServerOnAnyNode() {
        org.assertj.core.api.Assertions.assertThat(UnownedServerId.of(CLUSTER, "n-1")).isEqualTo(id("n-1"))
                .isNotEqualTo(UnownedServerId.of(ClusterId.of("cl-2"), "n-1"));
    }

    @Test
    void aServerMadeOutsideIsFoundUnmanagedAndAnUltronNamedOneALeftover() {
        fixture.givenNoPriorActivity().when(seen("n-1", "db-1", "ACTIVE", T0))
                .expectEvents(found("n-1", "db-1", UnownedKind.UNMANAGED, T0));
        new AggregateTestFixture<>(UnownedServer.class).givenNoPriorActivity().when(seen("n-2", "ultron-srv-9", "ACTIVE", T0))
                .expectEvents(found("n-2", "ultron-srv-9", UnownedKind.LEFTOVER, T0));
    }

    @Test
    void theSameReadingAgainStoresNothingAndAChangeIsRecorded() {
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0))
                .when(seen("n-1", "db-1", "ACTIVE", T0.plusSeconds(30)))
                .expectNoEvents();
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0))
                .when(seen("n-1", "db-1", "SHUTOFF", T0.plusSeconds(30)))
                .expectEvents(new UnownedServerChangedEvent(id("n-1"), CLUSTER, "SHUTOFF", "host-1", List.of("11.0.0.5"),
                        T0.plusSeconds(30)));
    }

    @Test
    void anOlderReadingThanTheLastRecordedSaysNothing() {
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0))
                .when(seen("n-1", "db-1", "SHUTOFF", T0.minusSeconds(1)))
                .expectNoEvents();
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0))
                .when(new RecordUnownedServerGoneCommand(id("n-1"), "gone", T0.minusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void aServerGoneIsRecordedOnceAndFoundAgainIfItComesBack() {
        UnownedServerGoneEvent gone = new UnownedServerGoneEvent(id("n-1"), CLUSTER, "gone from the cluster", T0.plusSeconds(30));
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0))
                .when(new RecordUnownedServerGoneCommand(id("n-1"), "gone from the cluster", T0.plusSeconds(30)))
                .expectEvents(gone);
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0), gone)
                .when(new RecordUnownedServerGoneCommand(id("n-1"), "gone from the cluster", T0.plusSeconds(60)))
                .expectNoEvents();
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0), gone)
                .when(seen("n-1", "db-1", "ACTIVE", T0.plusSeconds(60)))
                .expectEvents(found("n-1", "db-1", UnownedKind.UNMANAGED, T0.plusSeconds(60)));
    }

    @Test
    void aLeftoverIsDeletedOnlyAfterItsGraceAndOnce() {
        UnownedServerFoundEvent leftover = found("n-2", "ultron-srv-9", UnownedKind.LEFTOVER, T0);
        fixture.givenCurrentTime(T0).andGiven(leftover)
                .when(new DeleteLeftoverServerCommand(id("n-2"), GRACE, T0.plus(GRACE).minusSeconds(1)))
                .expectNoEvents().expectResultMessagePayload(null);
        fixture.givenCurrentTime(T0).andGiven(leftover)
                .when(new DeleteLeftoverServerCommand(id("n-2"), GRACE, T0.plus(GRACE)))
                .expectEvents(new LeftoverServerDeletionStartedEvent(id("n-2"), CLUSTER, "n-2", "ultron-srv-9"))
                .expectResultMessagePayload("n-2");
        LeftoverServerDeletionStartedEvent started = new LeftoverServerDeletionStartedEvent(id("n-2"), CLUSTER, "n-2", "ultron-srv-9");
        // a sync that died before Nova answered: the next one deletes again, nothing new is recorded
        fixture.givenCurrentTime(T0).andGiven(leftover, started)
                .when(new DeleteLeftoverServerCommand(id("n-2"), GRACE, T0.plus(GRACE).plusSeconds(30)))
                .expectNoEvents().expectResultMessagePayload("n-2");
        fixture.givenCurrentTime(T0).andGiven(leftover, started)
                .when(new RecordLeftoverServerDeletedCommand(id("n-2")))
                .expectEvents(new LeftoverServerDeletedEvent(id("n-2"), CLUSTER, "n-2"));
    }

    @Test
    void anUnmanagedServerIsNeverDeleted() {
        fixture.givenCurrentTime(T0).andGiven(found("n-1", "db-1", UnownedKind.UNMANAGED, T0))
                .when(new DeleteLeftoverServerCommand(id("n-1"), GRACE, T0.plus(GRACE).plusSeconds(1)))
                .expectNoEvents().expectResultMessagePayload(null);
    }

    @Test
    void anUnmanagedServerIsAdoptedOnceAndALeftoverNever() {
        io.ultron.api.compute.ServerId server = io.ultron.api.compute.ServerId.of("srv-7");
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0))
                .when(new io.ultron.api.drift.RecordUnownedServerAdoptedCommand(id("n-1"), server))
                .expectEvents(new io.ultron.api.drift.UnownedServerAdoptedEvent(id("n-1"), CLUSTER, server));
        fixture.given(found("n-1", "db-1", UnownedKind.UNMANAGED, T0),
                        new io.ultron.api.drift.UnownedServerAdoptedEvent(id("n-1"), CLUSTER, server))
                .when(new io.ultron.api.drift.RecordUnownedServerAdoptedCommand(id("n-1"), server))
                .expectNoEvents();
        new AggregateTestFixture<>(UnownedServer.class).given(found("n-2", "ultron-srv-9", UnownedKind.LEFTOVER, T0))
                .when(new io.ultron.api.drift.RecordUnownedServerAdoptedCommand(id("n-2"), server))
                .expectNoEvents()
                .expectException(io.ultron.api.error.DomainException.class);
    }
}
