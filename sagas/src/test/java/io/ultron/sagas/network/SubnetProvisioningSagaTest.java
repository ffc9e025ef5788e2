package io.ultron.sagas.network;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSlicesProvisioningFailedEvent;
import io.ultron.api.network.DeleteNeutronSubnetCommand;
import io.ultron.api.network.EnsureNeutronSubnetCommand;
import io.ultron.api.network.NeutronSubnetDriftedEvent;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetDeletedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubnetProvisioningSagaTest {

    static final VpcId VPC = VpcId.of("vpc-00000000-0000-0000-0000-000000000001");
    static final SubnetId SUBNET = SubnetId.of(VPC, 1);
    static final ClusterId AZ1 = ClusterId.of("cl-az1");
    static final ClusterId AZ2 = ClusterId.of("cl-az2");
    static final String CIDR = "11.0.0.0/22";
    static final String GATEWAY = "11.0.0.1";
    static final List<String> FIRST_POOLS = List.of("11.0.0.2-11.0.0.127");
    static final List<String> GROWN_POOLS = List.of("11.0.0.2-11.0.0.127", "11.0.0.128-11.0.0.255");

    SagaTestFixture<SubnetProvisioningSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(SubnetProvisioningSaga.class);
    }

    static SubnetAllocatedEvent allocated() {
        return new SubnetAllocatedEvent(VPC, SUBNET, "idc-1", CIDR, GATEWAY);
    }

    static ClusterSlicesChangedEvent slices(ClusterId cluster, List<Integer> slices, List<String> pools, int revision) {
        return new ClusterSlicesChangedEvent(VPC, SUBNET, "idc-1", CIDR, GATEWAY, cluster, slices, pools, revision, "test");
    }

    static EnsureNeutronSubnetCommand ensure(ClusterId cluster, List<String> pools, int revision, int attempt) {
        return new EnsureNeutronSubnetCommand(VPC, SUBNET, cluster, CIDR, GATEWAY, pools, revision, attempt);
    }

    @Test
    void asksEachClusterForItsNeutronSubnet() {
        fixture.givenAggregate(VPC.value()).published(allocated())
                .whenAggregate(VPC.value()).publishes(slices(AZ1, List.of(0), FIRST_POOLS, 1))
                .expectActiveSagas(1)
                .expectDispatchedCommands(ensure(AZ1, FIRST_POOLS, 1, 1));
    }

    @Test
    void holdsAChangeWhileACallIsInFlight() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1))
                .whenAggregate(VPC.value()).publishes(slices(AZ1, List.of(0, 1), GROWN_POOLS, 2))
                .expectNoDispatchedCommands();
    }

    @Test
    void sendsTheNewestPoolsWhenTheCallInFlightReports() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1),
                        slices(AZ1, List.of(0, 1), GROWN_POOLS, 2))
                .whenAggregate(VPC.value()).publishes(new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net", "sub"))
                .expectDispatchedCommands(ensure(AZ1, GROWN_POOLS, 2, 1));
    }

    @Test
    void aNeutronCopyThatDriftedIsEnsuredAgainWithTheIpamsPools() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1),
                        new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net", "sub"))
                .whenAggregate(VPC.value()).publishes(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, true, FIRST_POOLS,
                        List.of(), 1))
                .expectDispatchedCommands(ensure(AZ1, FIRST_POOLS, 1, 1));
    }

    @Test
    void driftFoundWhileACallIsInFlightWaitsForThatCall() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1))
                .whenAggregate(VPC.value()).publishes(new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, false, FIRST_POOLS,
                        List.of("11.0.0.2-11.0.0.200"), 1))
                .expectNoDispatchedCommands();
    }

    @Test
    void aFailedRepairIsRetriedByDeadlineLikeAnyEnsure() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1),
                        new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net", "sub"),
                        new NeutronSubnetDriftedEvent(VPC, SUBNET, AZ1, true, FIRST_POOLS, List.of(), 1),
                        new ClusterSlicesProvisioningFailedEvent(VPC, SUBNET, AZ1, 1, "Neutron answered 503", 1))
                .whenTimeElapses(SubnetProvisioningSaga.backoff(1).plusMillis(1))
                .expectDispatchedCommands(ensure(AZ1, FIRST_POOLS, 1, 2));
    }

    @Test
    void sendsTheCallAgainWhenItsOutcomeNeverComesBack() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1))
                .whenTimeElapses(SubnetProvisioningSaga.STEP_TIMEOUT.plusSeconds(1))
                .expectDeadlinesMet(new SubnetProvisioningSaga.Watched(AZ1.value(), 1))
                .expectDispatchedCommands(ensure(AZ1, FIRST_POOLS, 1, 1));
    }

    @Test
    void aWatchdogOfACallThatReportedSendsNothing() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1),
                        new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net", "sub"))
                .whenTimeElapses(SubnetProvisioningSaga.STEP_TIMEOUT.plusSeconds(1))
                .expectNoDispatchedCommands();
    }

    @Test
    void clustersProgressIndependently() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1))
                .whenAggregate(VPC.value()).publishes(slices(AZ2, List.of(2), List.of("11.0.1.0-11.0.1.127"), 1))
                .expectDispatchedCommands(ensure(AZ2, List.of("11.0.1.0-11.0.1.127"), 1, 1));
    }

    @Test
    void aFailureSchedulesARetryWithBackoff() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1))
                .whenAggregate(VPC.value()).publishes(new ClusterSlicesProvisioningFailedEvent(VPC, SUBNET, AZ1, 1, "503", 1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(1), SubnetProvisioningSaga.RETRY_DEADLINE);
    }

    @Test
    void theRetryDeadlineResendsTheCall() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1),
                        new ClusterSlicesProvisioningFailedEvent(VPC, SUBNET, AZ1, 1, "503", 1))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectDeadlinesMet(AZ1)
                .expectDispatchedCommands(ensure(AZ1, FIRST_POOLS, 1, 2));
    }

    @Test
    void backoffDoublesAndIsCapped() {
        assertThat(SubnetProvisioningSaga.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SubnetProvisioningSaga.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(SubnetProvisioningSaga.backoff(30)).isEqualTo(SubnetProvisioningSaga.MAX_RETRY);
    }

    @Test
    void deletingTheSubnetRemovesItFromEveryClusterAndEndsTheSaga() {
        fixture.givenAggregate(VPC.value()).published(allocated(), slices(AZ1, List.of(0), FIRST_POOLS, 1),
                        new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net", "sub"))
                .whenAggregate(VPC.value()).publishes(new SubnetDeletedEvent(VPC, SUBNET, CIDR, List.of(AZ1, AZ2)))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new DeleteNeutronSubnetCommand(VPC, SUBNET, AZ1), new DeleteNeutronSubnetCommand(VPC, SUBNET, AZ2));
    }
}
