package io.ultron.command.network;

import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.NeutronSubnetDriftedEvent;
import io.ultron.api.network.NeutronSubnetRepairedEvent;
import io.ultron.api.network.RecordNeutronSubnetDriftCommand;
import io.ultron.api.network.RecordSlicesProvisionedCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.ultron.command.network.VpcTest.AZ1;
import static io.ultron.command.network.VpcTest.AZ2;
import static io.ultron.command.network.VpcTest.SUBNET;
import static io.ultron.command.network.VpcTest.VPC;
import static io.ultron.command.network.VpcTest.changed;
import static io.ultron.command.network.VpcTest.ready;
import static io.ultron.command.network.VpcTest.subnetWithTwoClusters;

/** What sync reads of a subnet's Neutron copies: drift recorded against the IPAM's pools, and its repair. */
class VpcNeutronDriftTest {

    static final Instant SEEN = Instant.parse("2026-12-05T04:00:00Z");
    static final List<String> AZ1_POOLS = List.of("11.0.0.2-11.0.0.127");

    AggregateTestFixture<Vpc> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Vpc.class);
        fixture.registerInjectableResource(new VpcTest.InMemoryBlocks());
        fixture.registerInjectableResource(new VpcTest.InMemoryStatuses());
        fixture.registerInjectableResource(new ExhaustionPolicy(ExhaustionPolicy.Settings.DEFAULTS));
    }

    @Test
    void aMissingNeutronSubnetIsDrift() {
        fixture.given(ready())
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ1, null, List.of(), SEEN))
                .expectEvents(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, true, AZ1_POOLS, List.of(), 1));
    }

    @Test
    void poolsOtherThanTheClustersSlicesAreDrift() {
        List<String> widened = List.of("11.0.0.2-11.0.0.200");
        fixture.given(ready())
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ1, "sub-1", widened, SEEN))
                .expectEvents(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, false, AZ1_POOLS, widened, 1));
    }

    @Test
    void theClustersOwnPoolsAreNothingToRecord() {
        fixture.given(ready())
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ1, "sub-1", AZ1_POOLS, SEEN))
                .expectNoEvents();
    }

    @Test
    void nothingIsRecordedWhileTheSagaIsGivingNeutronNewPoolsOrBeforeItEverDid() {
        List<Object> pending = new ArrayList<>(ready());
        pending.add(changed(AZ1, List.of(0, 1), List.of("11.0.0.2-11.0.0.255"), 2));
        fixture.given(pending)
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ1, "sub-1", AZ1_POOLS, SEEN))
                .expectNoEvents();
        fixture.given(subnetWithTwoClusters())
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ1, null, List.of(), SEEN))
                .expectNoEvents();
    }

    @Test
    void driftUnderRepairIsRecordedOnce() {
        List<Object> drifted = new ArrayList<>(ready());
        drifted.add(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, true, AZ1_POOLS, List.of(), 1));
        fixture.given(drifted)
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ1, null, List.of(), SEEN))
                .expectNoEvents();
    }

    @Test
    void aSubnetOrClusterUltronNoLongerHasThereIsNothingToRecord() {
        fixture.given(ready())
                .when(new RecordNeutronSubnetDriftCommand(VPC, io.ultron.api.network.SubnetId.of(VPC, 3), AZ1, null,
                        List.of(), SEEN))
                .expectNoEvents();
        fixture.given(ready())
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, VpcTest.AZ3, null, List.of(), SEEN))
                .expectNoEvents();
    }

    @Test
    void theSagasEnsureAfterDriftIsRecordedAsTheRepair() {
        List<Object> drifted = new ArrayList<>(ready());
        drifted.add(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, true, AZ1_POOLS, List.of(), 1));
        fixture.given(drifted)
                .when(new RecordSlicesProvisionedCommand(VPC, SUBNET, AZ1, 1, "net-1", "sub-1b"))
                .expectEvents(new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net-1", "sub-1b"),
                        new NeutronSubnetRepairedEvent(VPC, SUBNET, AZ1, 1, "sub-1b", AZ1_POOLS));
    }

    @Test
    void aRepairedClustersNextDriftIsRecordedAgain() {
        List<Object> repaired = new ArrayList<>(ready());
        repaired.add(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, true, AZ1_POOLS, List.of(), 1));
        repaired.add(new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net-1", "sub-1b"));
        repaired.add(new NeutronSubnetRepairedEvent(VPC, SUBNET, AZ1, 1, "sub-1b", AZ1_POOLS));
        fixture.given(repaired)
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ2, null, List.of(), SEEN))
                .expectEvents(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ2, true, List.of("11.0.1.0-11.0.1.127"),
                        List.of(), 1));
        fixture.given(repaired)
                .when(new RecordNeutronSubnetDriftCommand(VPC, SUBNET, AZ1, null, List.of(), SEEN))
                .expectEvents(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, true, AZ1_POOLS, List.of(), 1));
    }
}
