package io.ultron.command.compute;

import io.ultron.api.compute.PortDrift;
import io.ultron.api.compute.RecordServerPortDriftCommand;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.RecordAdoptedServerNamedCommand;
import io.ultron.api.compute.AdoptedServerNamedEvent;
import io.ultron.api.compute.AdoptServerCommand;
import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.DeleteServerCommand;
import io.ultron.api.compute.FailServerCommand;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerServerCommand;
import io.ultron.api.compute.RecordPowerActionCompletedCommand;
import io.ultron.api.compute.RecordServerActiveCommand;
import io.ultron.api.compute.RecordServerBuildingCommand;
import io.ultron.api.compute.RecordServerCleanUpFailedCommand;
import io.ultron.api.compute.RecordServerCompensatedCommand;
import io.ultron.api.compute.RecordServerDeletedCommand;
import io.ultron.api.compute.RecordServerNetworkReadyCommand;
import io.ultron.api.compute.RecordServerObservedCommand;
import io.ultron.api.compute.RecordServerVanishedCommand;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.RescheduleServerCommand;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerChangedOutsideEvent;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerResourcesReleasedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.command.cluster.ClusterAvailability;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTest {

    static final ServerId SERVER = ServerId.of("srv-1");
    static final BatchId BATCH = BatchId.of("batch-1");
    static final VpcId VPC = VpcId.of("vpc-1");
    static final SubnetId SUBNET = SubnetId.of(VPC, 1);
    static final ClusterId AZ1 = ClusterId.of("cl-az1");
    static final ClusterId AZ2 = ClusterId.of("cl-az2");
    static final ServerSpec SPEC = new ServerSpec("acme", "web-1", VPC, "idc-1", "m1.small", "img-1",
            Capability.LOCAL_DISK, 20, List.of(), true);

    AggregateTestFixture<Server> fixture;
    /** What the fake second placement answers, and the exclusions it was asked with. */
    Optional<PlacedServer> secondHome = Optional.empty();
    AtomicReference<List<ClusterId>> excludedAsked = new AtomicReference<>();
    List<PlacedServer> released = new ArrayList<>();
    /** The clusters the fake availability finds DOWN. */
    Set<ClusterId> down = new HashSet<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Server.class);
        fixture.registerInjectableResource((ClusterAvailability) cluster -> {
            if (down.contains(cluster)) {
                throw new DomainException(ErrorKind.UNAVAILABLE, "cluster-down", "cluster " + cluster.value() + " is DOWN");
            }
        });
        // the second placement happens before the aggregate, in ServerRescheduling, on the fixture's repository
        fixture.registerAnnotatedCommandHandler(new ServerRescheduling(fixture.getRepository(), new SecondPlacement() {
            @Override
            public Optional<PlacedServer> placeAgain(ServerId server, ServerSpec spec, int vcpus, int ramMb, List<ClusterId> excluded) {
                excludedAsked.set(excluded);
                return secondHome;
            }

            @Override
            public void release(List<PlacedServer> servers) {
                released.addAll(servers);
            }
        }));
    }

    static List<Object> scheduled() {
        return new ArrayList<>(List.of(new ServerRequestedEvent(SERVER, BATCH, SPEC, 1, 2048, "2"),
                new ServerScheduledEvent(SERVER, AZ1, SUBNET, 1)));
    }

    static List<Object> networkReady() {
        List<Object> events = scheduled();
        events.add(new ServerNetworkReadyEvent(SERVER, 1, AZ1, SUBNET, "11.0.0.2", "port-1"));
        return events;
    }

    static List<Object> building() {
        List<Object> events = networkReady();
        events.add(new ServerBuildingEvent(SERVER, 1, AZ1, "nova-1"));
        return events;
    }

    static List<Object> active() {
        List<Object> events = building();
        events.add(new ServerActiveEvent(SERVER, BATCH, 1, AZ1, "host-1", "11.0.0.2"));
        return events;
    }

    static List<Object> failedAndCompensated(int attempt, boolean reschedulable) {
        List<Object> events = attempt == 1 ? building() : scheduled();
        if (attempt == 2) {
            events.add(new ServerProvisioningFailedEvent(SERVER, 1, AZ1, "build", "No valid host was found", true));
            events.add(new ServerCompensatedEvent(SERVER, 1, AZ1));
            events.add(new ServerScheduledEvent(SERVER, AZ2, SUBNET, 2));
        }
        ClusterId cluster = attempt == 1 ? AZ1 : AZ2;
        events.add(new ServerProvisioningFailedEvent(SERVER, attempt, cluster, "build", "No valid host was found", reschedulable));
        events.add(new ServerCompensatedEvent(SERVER, attempt, cluster));
        return events;
    }


    static final UnownedServerId UNOWNED = UnownedServerId.of("uns-1");

    static ServerAdoptedEvent adopted(ServerStatus status) {
        return new ServerAdoptedEvent(SERVER, UNOWNED, SPEC, 1, 2048, "nova-small", AZ1, SUBNET, "11.0.0.77", "nova-9", status,
                "host-3");
    }

    @Test
    void anAdoptedServerIsAsItsClusterShowsItAndTakesNoActionUntilNamed() {
        fixture.givenNoPriorActivity()
                .when(new AdoptServerCommand(SERVER, UNOWNED, SPEC, 1, 2048, "nova-small", AZ1, SUBNET, "11.0.0.77", "nova-9",
                        "SHUTOFF", "host-3"))
                .expectEvents(adopted(ServerStatus.STOPPED));
        fixture.given(adopted(ServerStatus.ACTIVE))
                .when(new PowerServerCommand(SERVER, PowerAction.STOP))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("is being adopted"));
        fixture.given(adopted(ServerStatus.ACTIVE))
                .when(new RecordServerPortDriftCommand(SERVER, PortDrift.MISSING, "nova-9", "no port ultron-srv-1",
                        java.time.Instant.now().plusSeconds(60)))
                .expectNoEvents();
        fixture.given(adopted(ServerStatus.ACTIVE))
                .when(new RecordAdoptedServerNamedCommand(SERVER, "port-9"))
                .expectEvents(new AdoptedServerNamedEvent(SERVER, "port-9"));
        fixture.given(adopted(ServerStatus.ACTIVE), new AdoptedServerNamedEvent(SERVER, "port-9"))
                .when(new RecordAdoptedServerNamedCommand(SERVER, "port-9"))
                .expectNoEvents();
        fixture.given(adopted(ServerStatus.ACTIVE), new AdoptedServerNamedEvent(SERVER, "port-9"))
                .when(new DeleteServerCommand(SERVER))
                .expectEvents(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.77", ServerStatus.ACTIVE));
    }

    @Test
    void eachReportMovesTheServerOneStepForward() {
        fixture.given(scheduled())
                .when(new RecordServerNetworkReadyCommand(SERVER, 1, SUBNET, "11.0.0.2", "port-1"))
                .expectEvents(new ServerNetworkReadyEvent(SERVER, 1, AZ1, SUBNET, "11.0.0.2", "port-1"));
        fixture.given(networkReady())
                .when(new RecordServerBuildingCommand(SERVER, 1, "nova-1"))
                .expectEvents(new ServerBuildingEvent(SERVER, 1, AZ1, "nova-1"));
        fixture.given(building())
                .when(new RecordServerActiveCommand(SERVER, 1, "host-1", "11.0.0.2"))
                .expectEvents(new ServerActiveEvent(SERVER, BATCH, 1, AZ1, "host-1", "11.0.0.2"));
    }

    @Test
    void repeatedOrStaleReportsChangeNothing() {
        fixture.given(networkReady())
                .when(new RecordServerNetworkReadyCommand(SERVER, 1, SUBNET, "11.0.0.2", "port-1"))
                .expectNoEvents();
        fixture.given(active())
                .when(new RecordServerActiveCommand(SERVER, 1, "host-1", "11.0.0.2"))
                .expectNoEvents();
        fixture.given(failedAndCompensated(2, true))
                .when(new RecordServerBuildingCommand(SERVER, 1, "nova-old"))
                .expectNoEvents();
        fixture.given(active())
                .when(new RecordServerProvisioningFailedCommand(SERVER, 1, "build", "late", true))
                .expectNoEvents();
    }

    @Test
    void aFailureIsRecordedOnceAndThenCompensatedOnce() {
        List<Object> failing = building();
        failing.add(new ServerProvisioningFailedEvent(SERVER, 1, AZ1, "build", "ERROR", true));
        fixture.given(building())
                .when(new RecordServerProvisioningFailedCommand(SERVER, 1, "build", "ERROR", true))
                .expectEvents(new ServerProvisioningFailedEvent(SERVER, 1, AZ1, "build", "ERROR", true));
        fixture.given(failing)
                .when(new RecordServerProvisioningFailedCommand(SERVER, 1, "build", "timeout", true))
                .expectNoEvents();
        fixture.given(failing)
                .when(new RecordServerActiveCommand(SERVER, 1, "host-1", "11.0.0.2"))
                .expectNoEvents();
        fixture.given(failing)
                .when(new RecordServerCleanUpFailedCommand(SERVER, "port busy", 1))
                .expectEvents(new ServerCleanUpFailedEvent(SERVER, "port busy", 1));
        fixture.given(failing)
                .when(new RecordServerCompensatedCommand(SERVER, 1))
                .expectEvents(new ServerCompensatedEvent(SERVER, 1, AZ1));
    }

    @Test
    void aReschedulableFirstFailureGoesToAnotherClusterAsAttemptTwo() {
        secondHome = Optional.of(new PlacedServer(SERVER, "web-1", AZ2, SUBNET));
        fixture.given(failedAndCompensated(1, true))
                .when(new RescheduleServerCommand(SERVER, List.of(AZ1), "No valid host was found"))
                .expectEvents(new ServerScheduledEvent(SERVER, AZ2, SUBNET, 2));
        assertThat(excludedAsked.get()).containsExactly(AZ1);
        assertThat(released).as("the reservation is kept: the server goes there").isEmpty();
    }

    @Test
    void withoutAnotherClusterTheServerFailsWithTheReason() {
        fixture.given(failedAndCompensated(1, true))
                .when(new RescheduleServerCommand(SERVER, List.of(AZ1), "No valid host was found"))
                .expectEvents(new ServerFailedEvent(SERVER, BATCH,
                        "No valid host was found; no other cluster of idc-1 has room"));
    }

    @Test
    void theSecondAttemptOrAnUnreschedulableFailureIsNotRescheduled() {
        secondHome = Optional.of(new PlacedServer(SERVER, "web-1", AZ2, SUBNET));
        fixture.given(failedAndCompensated(2, true))
                .when(new RescheduleServerCommand(SERVER, List.of(AZ2), "again"))
                .expectEvents(new ServerFailedEvent(SERVER, BATCH, "again"));
        fixture.given(failedAndCompensated(1, false))
                .when(new RescheduleServerCommand(SERVER, List.of(AZ1), "vpc exhausted"))
                .expectEvents(new ServerFailedEvent(SERVER, BATCH, "vpc exhausted"));
        assertThat(excludedAsked.get()).isNull();
    }

    @Test
    void aServerIsMarkedFailedOnlyOnceCompensated() {
        fixture.given(failedAndCompensated(1, false))
                .when(new FailServerCommand(SERVER, "vpc exhausted"))
                .expectEvents(new ServerFailedEvent(SERVER, BATCH, "vpc exhausted"));
        List<Object> notYetCompensated = building();
        notYetCompensated.add(new ServerProvisioningFailedEvent(SERVER, 1, AZ1, "build", "ERROR", false));
        fixture.given(notYetCompensated)
                .when(new FailServerCommand(SERVER, "ERROR"))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    @Test
    void stopStartAndRebootFollowTheStatus() {
        fixture.given(active())
                .when(new PowerServerCommand(SERVER, PowerAction.STOP))
                .expectEvents(new ServerPowerActionRequestedEvent(SERVER, AZ1, PowerAction.STOP));
        List<Object> stopping = active();
        stopping.add(new ServerPowerActionRequestedEvent(SERVER, AZ1, PowerAction.STOP));
        fixture.given(stopping)
                .when(new RecordPowerActionCompletedCommand(SERVER, PowerAction.STOP))
                .expectEvents(new ServerPowerActionCompletedEvent(SERVER, PowerAction.STOP, ServerStatus.STOPPED));
        fixture.given(stopping)
                .when(new PowerServerCommand(SERVER, PowerAction.REBOOT))
                .expectException(DomainException.class)
                .expectExceptionMessage("server srv-1 is still doing stop");
        List<Object> stopped = new ArrayList<>(stopping);
        stopped.add(new ServerPowerActionCompletedEvent(SERVER, PowerAction.STOP, ServerStatus.STOPPED));
        fixture.given(stopped)
                .when(new PowerServerCommand(SERVER, PowerAction.START))
                .expectEvents(new ServerPowerActionRequestedEvent(SERVER, AZ1, PowerAction.START));
        fixture.given(stopped)
                .when(new PowerServerCommand(SERVER, PowerAction.REBOOT))
                .expectException(DomainException.class)
                .expectExceptionMessage("cannot reboot a server that is STOPPED (only when ACTIVE)");
    }

    @ParameterizedTest
    @EnumSource(PowerAction.class)
    void noPowerActionWhileProvisioning(PowerAction action) {
        fixture.given(building())
                .when(new PowerServerCommand(SERVER, action))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    @Test
    void deletionIsRefusedWhileProvisioningAndTwice() {
        fixture.given(building())
                .when(new DeleteServerCommand(SERVER))
                .expectException(DomainException.class)
                .expectNoEvents();
        List<Object> deleting = active();
        deleting.add(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE));
        fixture.given(deleting)
                .when(new DeleteServerCommand(SERVER))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    @Test
    void powerActionsAndDeletionOnADownClusterAreRefusedAndStoreNothing() {
        down.add(AZ1);
        fixture.given(active())
                .when(new PowerServerCommand(SERVER, PowerAction.STOP))
                .expectException(DomainException.class)
                .expectExceptionMessage("cluster cl-az1 is DOWN")
                .expectNoEvents();
        fixture.given(active())
                .when(new DeleteServerCommand(SERVER))
                .expectException(DomainException.class)
                .expectExceptionMessage("cluster cl-az1 is DOWN")
                .expectNoEvents();
        down.add(AZ2);
        down.remove(AZ1);
        fixture.given(active())
                .when(new DeleteServerCommand(SERVER))
                .expectEvents(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE));
    }

    @Test
    void anActiveOrFailedServerIsDeletedThroughItsCleanUp() {
        fixture.given(active())
                .when(new DeleteServerCommand(SERVER))
                .expectEvents(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE));
        List<Object> failed = failedAndCompensated(1, false);
        failed.add(new ServerFailedEvent(SERVER, BATCH, "vpc exhausted"));
        fixture.given(failed)
                .when(new DeleteServerCommand(SERVER))
                .expectEvents(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, null, ServerStatus.FAILED));
        List<Object> deleting = active();
        deleting.add(new ServerDeletionRequestedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE));
        fixture.given(deleting)
                .when(new RecordServerDeletedCommand(SERVER))
                .expectEvents(new ServerDeletedEvent(SERVER));
        fixture.given(active())
                .when(new RecordServerDeletedCommand(SERVER))
                .expectNoEvents();
    }

    // ---- what sync sees

    /** A reading taken after everything the fixture was given. */
    Instant later() {
        return fixture.currentTime().plusSeconds(1);
    }

    @Test
    void aServerStoppedBrokenOrMovedOutsideFollowsTheCluster() {
        fixture.given(active())
                .when(new RecordServerObservedCommand(SERVER, "SHUTOFF", "host-1", null, later()))
                .expectEvents(new ServerChangedOutsideEvent(SERVER, AZ1, "SHUTOFF", ServerStatus.STOPPED, "host-1", null));
        fixture.given(active())
                .when(new RecordServerObservedCommand(SERVER, "ERROR", "host-1", "disk gone", later()))
                .expectEvents(new ServerChangedOutsideEvent(SERVER, AZ1, "ERROR", ServerStatus.ERROR, "host-1", "disk gone"));
        fixture.given(active())
                .when(new RecordServerObservedCommand(SERVER, "ACTIVE", "host-7", null, later()))
                .expectEvents(new ServerChangedOutsideEvent(SERVER, AZ1, "ACTIVE", ServerStatus.ACTIVE, "host-7", null));
        List<Object> broken = active();
        broken.add(new ServerChangedOutsideEvent(SERVER, AZ1, "ERROR", ServerStatus.ERROR, "host-1", "disk gone"));
        fixture.given(broken)
                .when(new RecordServerObservedCommand(SERVER, "ACTIVE", "host-1", null, later()))
                .expectEvents(new ServerChangedOutsideEvent(SERVER, AZ1, "ACTIVE", ServerStatus.ACTIVE, "host-1", null));
    }

    @Test
    void aReadingThatMatchesIsOlderOrComesMidActionChangesNothing() {
        fixture.given(active())
                .when(new RecordServerObservedCommand(SERVER, "ACTIVE", "host-1", null, later()))
                .expectNoEvents();
        fixture.given(active())
                .when(new RecordServerObservedCommand(SERVER, "REBOOT", "host-1", null, later()))
                .expectNoEvents();
        // read before the server became ACTIVE: the reading knows less than Ultron
        fixture.given(active())
                .when(new RecordServerObservedCommand(SERVER, "SHUTOFF", "host-1", null, fixture.currentTime().minusSeconds(5)))
                .expectNoEvents();
        List<Object> stopping = active();
        stopping.add(new ServerPowerActionRequestedEvent(SERVER, AZ1, PowerAction.STOP));
        fixture.given(stopping)
                .when(new RecordServerObservedCommand(SERVER, "SHUTOFF", "host-1", null, later()))
                .expectNoEvents();
        fixture.given(building())
                .when(new RecordServerVanishedCommand(SERVER, later()))
                .expectNoEvents();
    }

    @Test
    void aServerGoneFromItsClusterIsDeletedAndReleasesItsAddressOnce() {
        fixture.given(active())
                .when(new RecordServerVanishedCommand(SERVER, later()))
                .expectEvents(new ServerVanishedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE,
                        "gone from cluster cl-az1"));
        List<Object> vanished = active();
        vanished.add(new ServerVanishedEvent(SERVER, AZ1, VPC, SUBNET, "11.0.0.2", ServerStatus.ACTIVE, "gone"));
        fixture.given(vanished)
                .when(new RecordServerObservedCommand(SERVER, "ACTIVE", "host-1", null, later()))
                .expectNoEvents();
        fixture.given(vanished)
                .when(new DeleteServerCommand(SERVER))
                .expectException(DomainException.class)
                .expectNoEvents();
        fixture.given(vanished)
                .when(new RecordServerCleanUpFailedCommand(SERVER, "neutron down", 0))
                .expectEvents(new ServerCleanUpFailedEvent(SERVER, "neutron down", 0));
        fixture.given(vanished)
                .when(new RecordServerDeletedCommand(SERVER))
                .expectEvents(new ServerResourcesReleasedEvent(SERVER));
        List<Object> released = new ArrayList<>(vanished);
        released.add(new ServerResourcesReleasedEvent(SERVER));
        fixture.given(released)
                .when(new RecordServerDeletedCommand(SERVER))
                .expectNoEvents();
    }
}
