package io.ultron.command.drift;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.LeftoverPortDeletedEvent;
import io.ultron.api.drift.LeftoverPortDeletionStartedEvent;
import io.ultron.api.drift.LeftoverPortFoundEvent;
import io.ultron.api.drift.LeftoverPortId;
import io.ultron.api.drift.RecordLeftoverPortCommand;
import io.ultron.api.drift.RecordLeftoverPortDeletedCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

class LeftoverPortTest {

    static final ClusterId CLUSTER = ClusterId.of("cl-1");
    static final LeftoverPortId ID = LeftoverPortId.of(CLUSTER, "port-9");
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(10);
    static final LeftoverPortFoundEvent FOUND = new LeftoverPortFoundEvent(ID, CLUSTER, "port-9", "ultron-srv-9", List.of("11.0.0.9"));
    static final LeftoverPortDeletionStartedEvent STARTED = new LeftoverPortDeletionStartedEvent(ID, CLUSTER, "port-9");

    AggregateTestFixture<LeftoverPort> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(LeftoverPort.class);
    }

    static RecordLeftoverPortCommand seen(Instant at) {
        return new RecordLeftoverPortCommand(ID, CLUSTER, "port-9", "ultron-srv-9", List.of("11.0.0.9"), GRACE, at);
    }

    @Test
    void aLeftoverPortIsRecordedOnceAndKeptThroughItsGrace() {
        fixture.givenCurrentTime(T0).andGivenCommands()
                .when(seen(T0))
                .expectEvents(FOUND)
                .expectResultMessagePayload(null);
        fixture.givenCurrentTime(T0).andGiven(FOUND)
                .when(seen(T0.plus(GRACE).minusSeconds(1)))
                .expectNoEvents()
                .expectResultMessagePayload(null);
    }

    @Test
    void afterItsGraceItIsDeletedAndATriedAgainDeletionRecordsNothingNew() {
        fixture.givenCurrentTime(T0).andGiven(FOUND)
                .when(seen(T0.plus(GRACE)))
                .expectEvents(STARTED)
                .expectResultMessagePayload("port-9");
        fixture.givenCurrentTime(T0).andGiven(FOUND, STARTED)
                .when(seen(T0.plus(GRACE).plusSeconds(600)))
                .expectNoEvents()
                .expectResultMessagePayload("port-9");
        fixture.givenCurrentTime(T0).andGiven(FOUND, STARTED)
                .when(new RecordLeftoverPortDeletedCommand(ID))
                .expectEvents(new LeftoverPortDeletedEvent(ID, CLUSTER, "port-9"));
        fixture.givenCurrentTime(T0).andGiven(FOUND, STARTED, new LeftoverPortDeletedEvent(ID, CLUSTER, "port-9"))
                .when(seen(T0.plus(GRACE).plusSeconds(600)))
                .expectNoEvents()
                .expectResultMessagePayload(null);
    }
}
