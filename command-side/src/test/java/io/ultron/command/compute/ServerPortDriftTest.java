package io.ultron.command.compute;

import io.ultron.api.compute.DeleteServerCommand;
import io.ultron.api.compute.PortDrift;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.RecordServerPortDriftCommand;
import io.ultron.api.compute.RecordServerPortRepairFailedCommand;
import io.ultron.api.compute.RecordServerPortRepairedCommand;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerPortDriftedEvent;
import io.ultron.api.compute.ServerPortRepairFailedEvent;
import io.ultron.api.compute.ServerPortRepairedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerStatus;
import io.ultron.command.cluster.ClusterAvailability;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.ultron.command.compute.ServerTest.AZ1;
import static io.ultron.command.compute.ServerTest.SERVER;
import static io.ultron.command.compute.ServerTest.SUBNET;
import static io.ultron.command.compute.ServerTest.VPC;
import static io.ultron.command.compute.ServerTest.active;
import static io.ultron.command.compute.ServerTest.building;

/** A server's Neutron port found missing or changed by sync: recorded once, repaired by the saga, reported back. */
class ServerPortDriftTest {

    AggregateTestFixture<Server> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Server.class);
        // every cluster of these tests is up: deleting and power actions are not refused for a DOWN cluster
        fixture.registerInjectableResource((ClusterAvailability) cluster -> {
        });
    }

    Instant later() {
        return fixture.currentTime().plusSeconds(1);
    }

    RecordServerPortDriftCommand missing(Instant observedAt) {
        return new RecordServerPortDriftCommand(SERVER, PortDrift.MISSING, "nova-1", "no port ultron-srv-1", observedAt);
    }

    static ServerPortDriftedEvent drifted() {
        return new ServerPortDriftedEvent(SERVER, AZ1, SUBNET, "11.0.0.2", "nova-1", ServerStatus.ACTIVE, PortDrift.MISSING,
                "no port ultron-srv-1");
    }

    static List<Object> repairing() {
        List<Object> events = active();
        events.add(drifted());
        return events;
    }

    @Test
    void aMissingPortOfABuiltServerIsRecordedWithTheServersAddress() {
        fixture.given(active())
                .when(missing(later()))
                .expectEvents(drifted());
    }

    @Test
    void aPortUnderRepairIsNotRecordedAgain() {
        fixture.given(repairing())
                .when(missing(later()))
                .expectNoEvents();
    }

    @Test
    void sayNothingOfServersBeingBuiltActedOnOrDeletedNorWithAnOldReading() {
        fixture.given(building())
                .when(missing(later()))
                .expectNoEvents();
        List<Object> stopping = active();
        stopping.add(new ServerPowerActionRequestedEvent(SERVER, AZ1, PowerAction.STOP));
        fixture.given(stopping)
                .when(missing(later()))
                .expectNoEvents();
        List<Object> deleting = active();
        deleting.add(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE));
        fixture.given(deleting)
                .when(missing(later()))
                .expectNoEvents();
        fixture.given(active())
                .when(missing(fixture.currentTime().minusSeconds(5)))
                .expectNoEvents();
    }

    @Test
    void theRepairIsRecordedWithTheNewPortOnceAndAReadingFromBeforeItSaysNothing() {
        fixture.given(repairing())
                .when(new RecordServerPortRepairedCommand(SERVER, "port-2"))
                .expectEvents(new ServerPortRepairedEvent(SERVER, AZ1, "port-2", "11.0.0.2"));
        List<Object> repaired = repairing();
        repaired.add(new ServerPortRepairedEvent(SERVER, AZ1, "port-2", "11.0.0.2"));
        fixture.given(repaired)
                .when(new RecordServerPortRepairedCommand(SERVER, "port-2"))
                .expectNoEvents();
        fixture.given(repaired)
                .when(missing(fixture.currentTime().minusSeconds(1)))
                .expectNoEvents();
        fixture.given(repaired)
                .when(missing(later()))
                .expectEvents(drifted());
    }

    @Test
    void aFailedRepairIsRecordedForTheSagaToRetryUnlessTheServerIsGone() {
        fixture.given(repairing())
                .when(new RecordServerPortRepairFailedCommand(SERVER, "Neutron answered 503", 1))
                .expectEvents(new ServerPortRepairFailedEvent(SERVER, "Neutron answered 503", 1));
        List<Object> deleting = repairing();
        deleting.add(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE));
        fixture.given(deleting)
                .when(new RecordServerPortRepairFailedCommand(SERVER, "Neutron answered 503", 1))
                .expectNoEvents();
        fixture.given(active())
                .when(new RecordServerPortRepairFailedCommand(SERVER, "Neutron answered 503", 1))
                .expectNoEvents();
    }

    @Test
    void aServerWhosePortIsBeingRepairedCanStillBeDeleted() {
        fixture.given(repairing())
                .when(new DeleteServerCommand(SERVER))
                .expectEvents(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE));
    }
}
