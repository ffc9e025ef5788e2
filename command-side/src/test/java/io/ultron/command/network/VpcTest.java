package io.ultron.command.network;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.AllocateIpCommand;
import io.ultron.api.network.AllocateIpsCommand;
import io.ultron.api.network.AllocateSubnetCommand;
import io.ultron.api.network.Cidr;
import io.ultron.api.network.ClaimIpCommand;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSliceUnavailableEvent;
import io.ultron.api.network.CreateVpcCommand;
import io.ultron.api.network.DeleteSubnetCommand;
import io.ultron.api.network.DeleteVpcCommand;
import io.ultron.api.network.GrantClusterSlicesCommand;
import io.ultron.api.network.HalfSliceLoan;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.IpReleasedEvent;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.ReleaseServerAddressCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.api.network.VpcId;
import io.ultron.command.cluster.ClusterStatuses;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VpcTest {

    static final VpcId VPC = VpcId.of("vpc-00000000-0000-0000-0000-000000000001");
    static final SubnetId SUBNET = SubnetId.of(VPC, 1);
    static final ClusterId AZ1 = ClusterId.of("cl-az1");
    static final ClusterId AZ2 = ClusterId.of("cl-az2");
    static final ClusterId AZ3 = ClusterId.of("cl-az3");

    AggregateTestFixture<Vpc> fixture;
    InMemoryBlocks blocks;
    InMemoryStatuses statuses;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Vpc.class);
        blocks = new InMemoryBlocks();
        fixture.registerInjectableResource(blocks);
        statuses = new InMemoryStatuses();
        fixture.registerInjectableResource(statuses);
        fixture.registerInjectableResource(new ExhaustionPolicy(ExhaustionPolicy.Settings.DEFAULTS));
    }

    static VpcCreatedEvent created() {
        return new VpcCreatedEvent(VPC, "beijing", "tenant-a", "web", null, null, "11.0.0.0/20");
    }

    static List<Object> subnetWithTwoClusters() {
        return List.of(created(),
                new SubnetAllocatedEvent(VPC, SUBNET, "idc-1", "11.0.0.0/22", "11.0.0.1"),
                changed(AZ1, List.of(0), List.of("11.0.0.2-11.0.0.127"), 1),
                changed(AZ2, List.of(2), List.of("11.0.1.0-11.0.1.127"), 1));
    }

    static ClusterSlicesChangedEvent changed(ClusterId cluster, List<Integer> slices, List<String> pools, int revision) {
        return new ClusterSlicesChangedEvent(VPC, SUBNET, "idc-1", "11.0.0.0/22", "11.0.0.1", cluster, slices, pools, revision, "initial plan");
    }

    static List<Object> ready() {
        List<Object> events = new ArrayList<>(subnetWithTwoClusters());
        events.add(new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net-1", "sub-1"));
        events.add(new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ2, 1, "net-2", "sub-2"));
        return events;
    }

    @Test
    void createsAVpcOnTheBlockTheRegistryHandsOut() {
        fixture.givenNoPriorActivity()
                .when(new CreateVpcCommand(VPC, "beijing", "tenant-a", "web", null, null))
                .expectEvents(created());
        assertThat(blocks.claims).containsEntry("11.0.0.0/20", VPC.value());
    }

    @Test
    void plansANewSubnetOverTheIdcsActiveClusters() {
        fixture.given(created())
                .when(new AllocateSubnetCommand(VPC, "idc-1", "beijing", List.of(AZ2, AZ1), null))
                .expectResultMessagePayload(SUBNET)
                .expectEvents(new SubnetAllocatedEvent(VPC, SUBNET, "idc-1", "11.0.0.0/22", "11.0.0.1"),
                        changed(AZ1, List.of(0), List.of("11.0.0.2-11.0.0.127"), 1),
                        changed(AZ2, List.of(2), List.of("11.0.1.0-11.0.1.127"), 1));
    }

    @Test
    void refusesAnIdcOfAnotherArea() {
        fixture.given(created())
                .when(new AllocateSubnetCommand(VPC, "idc-9", "shanghai", List.of(AZ1), null))
                .expectException(DomainException.class)
                .expectExceptionMessage("IDC idc-9 is in area shanghai, the VPC in beijing")
                .expectNoEvents();
    }

    @Test
    void refusesAFifthSubnet() {
        List<Object> four = new ArrayList<>(List.of(created()));
        for (int i = 1; i <= 4; i++) {
            four.add(new SubnetAllocatedEvent(VPC, SubnetId.of(VPC, i), "idc-1", "11.0." + (4 * (i - 1)) + ".0/22", "11.0." + (4 * (i - 1)) + ".1"));
        }
        fixture.given(four)
                .when(new AllocateSubnetCommand(VPC, "idc-1", "beijing", List.of(AZ1), null))
                .expectException(DomainException.class)
                .expectExceptionMessage("a VPC holds at most 4 subnets")
                .expectNoEvents();
    }

    @Test
    void takesTheRequestedSubnetWhenItIsAFreeSlashTwentyTwoOfTheVpc() {
        fixture.given(created())
                .when(new AllocateSubnetCommand(VPC, "idc-1", "beijing", List.of(AZ1), "11.0.8.0/22"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SubnetAllocatedEvent(VPC, SUBNET, "idc-1", "11.0.8.0/22", "11.0.8.1"),
                        new ClusterSlicesChangedEvent(VPC, SUBNET, "idc-1", "11.0.8.0/22", "11.0.8.1", AZ1, List.of(0),
                                List.of("11.0.8.2-11.0.8.127"), 1, "initial plan"));
    }

    @Test
    void refusesABadOutsideOrTakenRequestedSubnet() {
        fixture.given(created())
                .when(new AllocateSubnetCommand(VPC, "idc-1", "beijing", List.of(AZ1), "11.0.8.1/22"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("11.0.8.1/22"))
                .expectNoEvents();
        fixture.given(created())
                .when(new AllocateSubnetCommand(VPC, "idc-1", "beijing", List.of(AZ1), "11.0.16.0/22"))
                .expectExceptionMessage("11.0.16.0/22 is not inside the VPC's 11.0.0.0/20")
                .expectNoEvents();
        fixture.given(subnetWithTwoClusters())
                .when(new AllocateSubnetCommand(VPC, "idc-1", "beijing", List.of(AZ1), "11.0.0.0/22"))
                .expectExceptionMessage("11.0.0.0/22 is already a subnet of the VPC")
                .expectNoEvents();
    }

    @Test
    void handsOutNothingBeforeNeutronHasTheSlice() {
        fixture.given(subnetWithTwoClusters())
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-1"))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(IpAllocationOutcome.Pending.class))
                .expectNoEvents();
    }

    @Test
    void allocatesTheLowestFreeAddressOfTheClustersSliceSkippingNetworkAndGateway() {
        fixture.given(ready())
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-1"))
                .expectResultMessagePayload(new IpAllocationOutcome.Allocated("11.0.0.2", SUBNET, AZ1.value(), "net-1", "sub-1"))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        fixture.given(ready())
                .when(new AllocateIpCommand(VPC, SUBNET, AZ2, "vm-2"))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ2, "11.0.1.0", "vm-2"));
    }

    @Test
    void aServerAskingAgainGetsTheAddressItAlreadyHoldsAndNothingIsStored() {
        List<Object> held = new ArrayList<>(ready());
        held.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "srv-1"));
        fixture.given(held)
                .when(new AllocateIpsCommand(VPC, List.of(new AllocateIpsCommand.IpRequest(SUBNET, AZ1, "srv-1", "t-1", "alice", null, null, true))))
                .expectResultMessagePayload(List.of(new IpAllocationOutcome.Allocated("11.0.0.2", SUBNET, AZ1.value(), "net-1", "sub-1")))
                .expectNoEvents();
        fixture.given(held)
                .when(new AllocateIpsCommand(VPC, List.of(new AllocateIpsCommand.IpRequest(SUBNET, AZ1, "srv-1", "t-1", "alice", null, null, false))))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.3", "srv-1"));
    }

    @Test
    void refusesAClusterWithoutSlicesInTheIdc() {
        fixture.given(ready())
                .when(new AllocateIpCommand(VPC, SUBNET, ClusterId.of("cl-elsewhere"), "vm-1"))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    @Test
    void aFullSliceTakesTheSpareAlignedPartnerAndAsksTheCallerToRetry() {
        List<Object> full = new ArrayList<>(ready());
        for (int host = 2; host <= 127; host++) {
            full.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0." + host, "vm-" + host));
        }
        fixture.given(full)
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-next"))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(IpAllocationOutcome.Pending.class))
                .expectEvents(new ClusterSlicesChangedEvent(VPC, SUBNET, "idc-1", "11.0.0.0/22", "11.0.0.1", AZ1, List.of(0, 1),
                        List.of("11.0.0.2-11.0.0.127", "11.0.0.128-11.0.0.255"), 2, "spare slice of the same subnet"));
    }

    @Test
    void topsUpEarlyWhenFreeAddressesFallBelowTheWatermark() {
        List<Object> almostFull = new ArrayList<>(ready());
        for (int host = 2; host <= 112; host++) {
            almostFull.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0." + host, "vm-" + host));
        }
        fixture.given(almostFull)
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-113"))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.113", "vm-113"),
                        new ClusterSlicesChangedEvent(VPC, SUBNET, "idc-1", "11.0.0.0/22", "11.0.0.1", AZ1, List.of(0, 1),
                                List.of("11.0.0.2-11.0.0.127", "11.0.0.128-11.0.0.255"), 2, "spare slice of the same subnet"));
    }

    @Test
    void releasesOnlyWhatTheOwnerHolds() {
        List<Object> held = new ArrayList<>(ready());
        held.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        fixture.given(held)
                .when(new ReleaseIpCommand(VPC, SUBNET, "11.0.0.2", "vm-1"))
                .expectEvents(new IpReleasedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        fixture.given(held)
                .when(new ReleaseIpCommand(VPC, SUBNET, "11.0.0.2", "vm-other"))
                .expectException(DomainException.class)
                .expectNoEvents();
        fixture.given(held)
                .when(new ReleaseIpCommand(VPC, SUBNET, "11.0.0.3", "vm-1"))
                .expectException(DomainException.class)
                .expectExceptionMessage("11.0.0.3 is not allocated")
                .expectNoEvents();
    }

    @Test
    void aServersCleanUpReleasesWhatTheServerHoldsOfTheClusterAndNothingElse() {
        List<Object> held = new ArrayList<>(ready());
        held.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-other"));
        held.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.3", "srv-1"));
        fixture.given(held)
                .when(new ReleaseServerAddressCommand(VPC, SUBNET, AZ1, ServerId.of("srv-1")))
                .expectEvents(new IpReleasedEvent(VPC, SUBNET, AZ1, "11.0.0.3", "srv-1"));
        fixture.given(ready())
                .when(new ReleaseServerAddressCommand(VPC, SUBNET, AZ1, ServerId.of("srv-1")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aReleasedAddressIsHandedOutAgain() {
        List<Object> history = new ArrayList<>(ready());
        history.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        history.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.3", "vm-2"));
        history.add(new IpReleasedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        fixture.given(history)
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-3"))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-3"));
    }

    @Test
    void aSubnetInUseCannotBeDeletedNorItsVpc() {
        List<Object> held = new ArrayList<>(ready());
        held.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        fixture.given(held)
                .when(new DeleteSubnetCommand(VPC, SUBNET))
                .expectException(DomainException.class)
                .expectNoEvents();
        fixture.given(held)
                .when(new DeleteVpcCommand(VPC))
                .expectExceptionMessage("delete the VPC's subnets first");
    }

    @Test
    void anEmptyVpcGivesItsBlockBack() {
        blocks.claims.put("11.0.0.0/20", VPC.value());
        fixture.given(created())
                .when(new DeleteVpcCommand(VPC))
                .expectEvents(new VpcDeletedEvent(VPC, "11.0.0.0/20"));
        assertThat(blocks.claims).isEmpty();
    }

    @Test
    void malformedAddressIsBadInput() {
        fixture.given(ready())
                .when(new ReleaseIpCommand(VPC, SUBNET, "11.0.0", "vm-1"))
                .expectException(DomainException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("11.0.0"))
                .expectNoEvents();
    }

    // ---- half-slice loans: four subnets, az1 owns slice 0 of each (all in use), az2 the other seven

    static SubnetId subnet(int number) {
        return SubnetId.of(VPC, number);
    }

    static String third(int number) {
        return "11.0." + (4 * (number - 1));
    }

    static ClusterSlicesChangedEvent changedIn(int number, ClusterId cluster, List<Integer> slices, List<String> pools,
                                               int revision, String reason, List<HalfSliceLoan> loans) {
        return new ClusterSlicesChangedEvent(VPC, subnet(number), "idc-1", third(number) + ".0/22", third(number) + ".1",
                cluster, slices, pools, revision, reason, loans);
    }

    static List<String> az2Pools(int number) {
        int base = 4 * (number - 1);
        return List.of("11.0." + base + ".128-11.0." + base + ".255", "11.0." + (base + 1) + ".0-11.0." + (base + 1) + ".127",
                "11.0." + (base + 1) + ".128-11.0." + (base + 1) + ".255", "11.0." + (base + 2) + ".0-11.0." + (base + 2) + ".127",
                "11.0." + (base + 2) + ".128-11.0." + (base + 2) + ".255", "11.0." + (base + 3) + ".0-11.0." + (base + 3) + ".127",
                "11.0." + (base + 3) + ".128-11.0." + (base + 3) + ".254");
    }

    /** No spare slice, no room for a fifth subnet, az1's slices full, everything provisioned. */
    static List<Object> az1FullInAFullVpc() {
        List<Object> events = new ArrayList<>(List.of(created()));
        for (int number = 1; number <= 4; number++) {
            events.add(new SubnetAllocatedEvent(VPC, subnet(number), "idc-1", third(number) + ".0/22", third(number) + ".1"));
            events.add(changedIn(number, AZ1, List.of(0), List.of(third(number) + ".2-" + third(number) + ".127"), 1,
                    "initial plan", List.of()));
            events.add(changedIn(number, AZ2, List.of(1, 2, 3, 4, 5, 6, 7), az2Pools(number), 1, "initial plan", List.of()));
            events.add(new ClusterSlicesProvisionedEvent(VPC, subnet(number), AZ1, 1, "net-1", "sub-1"));
            events.add(new ClusterSlicesProvisionedEvent(VPC, subnet(number), AZ2, 1, "net-2", "sub-2"));
            for (int host = 2; host <= 127; host++) {
                events.add(new IpAllocatedEvent(VPC, subnet(number), AZ1, third(number) + "." + host, "vm-" + number + "-" + host));
            }
        }
        return events;
    }

    static final HalfSliceLoan LOAN = new HalfSliceLoan(1, 1, AZ2, AZ1);

    static List<ClusterSlicesChangedEvent> lendEvents() {
        List<String> lenderPools = new ArrayList<>(az2Pools(1));
        lenderPools.set(0, "11.0.0.128-11.0.0.191");
        return List.of(
                changedIn(1, AZ2, List.of(1, 2, 3, 4, 5, 6, 7), lenderPools, 2,
                        "upper half 11.0.0.192/26 of slice 1 lent to cl-az1", List.of(LOAN)),
                changedIn(1, AZ1, List.of(0), List.of("11.0.0.2-11.0.0.127", "11.0.0.192-11.0.0.255"), 2,
                        "upper half 11.0.0.192/26 of slice 1 borrowed from cl-az2", List.of(LOAN)));
    }

    static List<Object> afterTheLoan() {
        List<Object> events = new ArrayList<>(az1FullInAFullVpc());
        events.addAll(lendEvents());
        return events;
    }

    @Test
    void lendsTheFreeUpperHalfOfAnotherClustersSliceWhenNoSliceCanMove() {
        fixture.given(az1FullInAFullVpc())
                .when(new AllocateIpCommand(VPC, subnet(1), AZ1, "vm-next"))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(IpAllocationOutcome.Pending.class))
                .expectEvents(lendEvents().toArray());
    }

    @Test
    void theLenderStopsHandingOutTheLentHalfAtOnce() {
        List<Object> lowerHalfUsed = new ArrayList<>(afterTheLoan());
        for (int host = 128; host <= 191; host++) {
            lowerHalfUsed.add(new IpAllocatedEvent(VPC, subnet(1), AZ2, "11.0.0." + host, "vm-" + host));
        }
        fixture.given(lowerHalfUsed)
                .when(new AllocateIpCommand(VPC, subnet(1), AZ2, "vm-next"))
                .expectResultMessagePayload(new IpAllocationOutcome.Allocated("11.0.1.0", subnet(1), AZ2.value(), "net-2", "sub-2"))
                .expectEvents(new IpAllocatedEvent(VPC, subnet(1), AZ2, "11.0.1.0", "vm-next"));
    }

    @Test
    void theBorrowerHandsOutTheHalfOnlyOnceNeutronHasIt() {
        fixture.given(afterTheLoan())
                .when(new AllocateIpCommand(VPC, subnet(1), AZ1, "vm-next"))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(IpAllocationOutcome.Pending.class))
                .expectNoEvents();

        List<Object> provisioned = new ArrayList<>(afterTheLoan());
        provisioned.add(new ClusterSlicesProvisionedEvent(VPC, subnet(1), AZ1, 2, "net-1", "sub-1"));
        fixture.given(provisioned)
                .when(new AllocateIpCommand(VPC, subnet(1), AZ1, "vm-next"))
                .expectResultMessagePayload(new IpAllocationOutcome.Allocated("11.0.0.192", subnet(1), AZ1.value(), "net-1", "sub-1"))
                .expectEvents(new IpAllocatedEvent(VPC, subnet(1), AZ1, "11.0.0.192", "vm-next"));
    }

    @Test
    void aBorrowedAddressIsReleasedByItsBorrowerAndHandedOutAgain() {
        List<Object> history = new ArrayList<>(afterTheLoan());
        history.add(new ClusterSlicesProvisionedEvent(VPC, subnet(1), AZ1, 2, "net-1", "sub-1"));
        history.add(new IpAllocatedEvent(VPC, subnet(1), AZ1, "11.0.0.192", "vm-b"));
        history.add(new IpReleasedEvent(VPC, subnet(1), AZ1, "11.0.0.192", "vm-b"));
        fixture.given(history)
                .when(new AllocateIpCommand(VPC, subnet(1), AZ1, "vm-c"))
                .expectEvents(new IpAllocatedEvent(VPC, subnet(1), AZ1, "11.0.0.192", "vm-c"));
    }

    // ---- a cluster joining the IDC later

    static final String JOINED = "cluster joined IDC idc-1";

    static ClusterSlicesChangedEvent az3Joined() {
        return new ClusterSlicesChangedEvent(VPC, SUBNET, "idc-1", "11.0.0.0/22", "11.0.0.1", AZ3, List.of(4),
                List.of("11.0.2.0-11.0.2.127"), 1, JOINED);
    }

    @Test
    void aClusterJoiningTheIdcGetsTheSpareSliceTheInitialPlanWouldHaveGivenIt() {
        fixture.given(ready())
                .when(new GrantClusterSlicesCommand(VPC, "idc-1", AZ3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(az3Joined());
    }

    @Test
    void aClusterThatAlreadyHasASliceGetsNoOtherOne() {
        List<Object> joined = new ArrayList<>(ready());
        joined.add(az3Joined());
        fixture.given(joined)
                .when(new GrantClusterSlicesCommand(VPC, "idc-1", AZ3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(ready())
                .when(new GrantClusterSlicesCommand(VPC, "idc-1", AZ1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aClusterOfAnotherIdcGetsNothingHere() {
        fixture.given(ready())
                .when(new GrantClusterSlicesCommand(VPC, "idc-2", AZ3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDrainingClusterGetsNoSlice() {
        statuses.drain("idc-1", AZ3);
        fixture.given(ready())
                .when(new GrantClusterSlicesCommand(VPC, "idc-1", AZ3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aJoinedClusterAllocatesFromItsSliceOnceNeutronHasIt() {
        List<Object> joined = new ArrayList<>(ready());
        joined.add(az3Joined());
        joined.add(new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ3, 1, "net-3", "sub-3"));
        fixture.given(joined)
                .when(new AllocateIpCommand(VPC, SUBNET, AZ3, "vm-1"))
                .expectResultMessagePayload(new IpAllocationOutcome.Allocated("11.0.2.0", SUBNET, AZ3.value(), "net-3", "sub-3"))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ3, "11.0.2.0", "vm-1"));
    }

    static List<ClusterSliceUnavailableEvent> noSpareSliceForAz3() {
        List<ClusterSliceUnavailableEvent> events = new ArrayList<>();
        for (int number = 1; number <= 4; number++) {
            events.add(new ClusterSliceUnavailableEvent(VPC, subnet(number), "idc-1", AZ3, "no spare slice in subnet " + third(number)
                    + ".0/22 for cluster cl-az3, which joined IDC idc-1: it gets addresses by the exhaustion rules when it first allocates"));
        }
        return events;
    }

    @Test
    void withNoSpareSliceTheJoinIsRecordedOnceForEachSubnet() {
        fixture.given(az1FullInAFullVpc())
                .when(new GrantClusterSlicesCommand(VPC, "idc-1", AZ3))
                .expectEvents(noSpareSliceForAz3().toArray());

        List<Object> recorded = new ArrayList<>(az1FullInAFullVpc());
        recorded.addAll(noSpareSliceForAz3());
        fixture.given(recorded)
                .when(new GrantClusterSlicesCommand(VPC, "idc-1", AZ3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aClusterThatJoinedWithoutASliceBorrowsByTheExhaustionRulesOnItsFirstAllocation() {
        List<Object> recorded = new ArrayList<>(az1FullInAFullVpc());
        recorded.addAll(noSpareSliceForAz3());
        HalfSliceLoan loan = new HalfSliceLoan(1, 1, AZ2, AZ3);
        List<String> lenderPools = new ArrayList<>(az2Pools(1));
        lenderPools.set(0, "11.0.0.128-11.0.0.191");
        fixture.given(recorded)
                .when(new AllocateIpCommand(VPC, subnet(1), AZ3, "vm-1"))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(IpAllocationOutcome.Pending.class))
                .expectEvents(changedIn(1, AZ2, List.of(1, 2, 3, 4, 5, 6, 7), lenderPools, 2,
                                "upper half 11.0.0.192/26 of slice 1 lent to cl-az3", List.of(loan)),
                        changedIn(1, AZ3, List.of(), List.of("11.0.0.192-11.0.0.255"), 1,
                                "upper half 11.0.0.192/26 of slice 1 borrowed from cl-az2", List.of(loan)));
    }

    @Test
    void aDrainingClusterKeepsHandingOutItsAddressesButGetsNoNewSlice() {
        statuses.drain("idc-1", AZ1);
        List<Object> almostFull = new ArrayList<>(ready());
        for (int host = 2; host <= 112; host++) {
            almostFull.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0." + host, "vm-" + host));
        }
        fixture.given(almostFull)
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-113"))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.113", "vm-113"));

        List<Object> full = new ArrayList<>(ready());
        for (int host = 2; host <= 127; host++) {
            full.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0." + host, "vm-" + host));
        }
        fixture.given(full)
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-next"))
                .expectException(DomainException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("cl-az1 is draining"))
                .expectNoEvents();
    }

    @Test
    void aDrainingClusterGetsNoReserveSliceInANewSubnet() {
        statuses.drain("idc-1", AZ2);
        List<Object> full = new ArrayList<>(List.of(created(),
                new SubnetAllocatedEvent(VPC, SUBNET, "idc-1", "11.0.0.0/22", "11.0.0.1"),
                changed(AZ1, List.of(0, 1, 3, 4, 5, 6, 7), List.of("11.0.0.2-11.0.0.255", "11.0.1.128-11.0.3.254"), 1),
                changed(AZ2, List.of(2), List.of("11.0.1.0-11.0.1.127"), 1),
                new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net-1", "sub-1"),
                new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ2, 1, "net-2", "sub-2")));
        for (long address = 0; address < 1024; address++) {
            String ip = Cidr.parse("11.0.0.0/22").address(address).toString();
            boolean az2 = address >= 256 && address < 384;
            if (address >= 2 && address < 1023 && !az2) {
                full.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, ip, "vm-" + address));
            } else if (az2) {
                full.add(new IpAllocatedEvent(VPC, SUBNET, AZ2, ip, "vm-" + address));
            }
        }
        SubnetId second = SubnetId.of(VPC, 2);
        fixture.given(full)
                .when(new AllocateIpCommand(VPC, SUBNET, AZ1, "vm-next"))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(IpAllocationOutcome.Pending.class))
                .expectEvents(new SubnetAllocatedEvent(VPC, second, "idc-1", "11.0.4.0/22", "11.0.4.1"),
                        new ClusterSlicesChangedEvent(VPC, second, "idc-1", "11.0.4.0/22", "11.0.4.1", AZ1, List.of(0, 1),
                                List.of("11.0.4.2-11.0.4.127", "11.0.4.128-11.0.4.255"), 1, "new subnet for cl-az1"));
    }

    /** Clusters drained per IDC, like the registry's status column, without a database. */

    @Test
    void aServerMadeOutsideUltronClaimsItsOwnAddressWhenItLiesInItsClustersSlicesAndIsFree() {
        fixture.given(ready())
                .when(new ClaimIpCommand(VPC, SUBNET, AZ1, "11.0.0.77", "srv-adopted"))
                .expectEvents(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.77", "srv-adopted"));
        // a retried adoption records nothing new
        fixture.given(withClaim())
                .when(new ClaimIpCommand(VPC, SUBNET, AZ1, "11.0.0.77", "srv-adopted"))
                .expectNoEvents();
    }

    @Test
    void aClaimOfAnAddressHeldByAnotherOrOutsideTheClustersSlicesIsAConflict() {
        fixture.given(withClaim())
                .when(new ClaimIpCommand(VPC, SUBNET, AZ1, "11.0.0.77", "srv-other"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("11.0.0.77 is held by srv-adopted");
        fixture.given(ready())
                .when(new ClaimIpCommand(VPC, SUBNET, AZ1, "11.0.1.5", "srv-adopted"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("is not in the slices of cluster cl-az1"));
        fixture.given(ready())
                .when(new ClaimIpCommand(VPC, SUBNET, AZ1, "11.0.0.1", "srv-adopted"))
                .expectNoEvents()
                .expectException(DomainException.class);
    }

    private static List<Object> withClaim() {
        List<Object> events = new ArrayList<>(ready());
        events.add(new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.77", "srv-adopted"));
        return events;
    }

    static final class InMemoryStatuses implements ClusterStatuses {
        final Map<String, Set<ClusterId>> draining = new HashMap<>();

        void drain(String idc, ClusterId cluster) {
            draining.computeIfAbsent(idc, i -> new HashSet<>()).add(cluster);
        }

        @Override
        public Set<ClusterId> drainingIn(String idc) {
            return Set.copyOf(draining.getOrDefault(idc, Set.of()));
        }
    }

    /** Hands out /20s in order, like the JDBC registry, without a database. */
    static final class InMemoryBlocks implements VpcBlockRegistry {
        final Map<String, String> claims = new HashMap<>();

        @Override
        public Cidr claim(VpcId vpcId, String department, String purpose) {
            Cidr block = AddressSpacePlanner.of(List.of()).nextFreeBlock(claims.keySet().stream().map(Cidr::parse).toList(), java.util.Set.of()).orElseThrow();
            claims.put(block.toString(), vpcId.value());
            return block;
        }

        @Override
        public void release(VpcId vpcId, Cidr block) {
            claims.remove(block.toString(), vpcId.value());
        }
    }
}
