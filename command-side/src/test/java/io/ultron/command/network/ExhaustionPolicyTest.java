package io.ultron.command.network;

import static io.ultron.command.network.NetworkMother.SUBNET_A;
import static io.ultron.command.network.NetworkMother.SUBNET_B;
import static io.ultron.command.network.NetworkMother.SUBNET_C;
import static io.ultron.command.network.NetworkMother.SUBNET_D;
import static io.ultron.command.network.NetworkMother.VPC;
import static io.ultron.command.network.NetworkMother.full;
import static io.ultron.command.network.NetworkMother.leavingFree;
import static io.ultron.command.network.NetworkMother.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ultron.api.network.Cidr;
import io.ultron.command.network.ExhaustionDecision.LendHalfSlice;
import io.ultron.command.network.ExhaustionDecision.NewSubnet;
import io.ultron.command.network.ExhaustionDecision.TakeSpareSlice;
import io.ultron.command.network.ExhaustionDecision.TakeSpareSliceOfOtherSubnet;
import io.ultron.command.network.ExhaustionDecision.VpcExhausted;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExhaustionPolicyTest {

    private static final Set<String> CLUSTERS = Set.of("az0", "az1", "az2");
    private final ExhaustionPolicy policy = new ExhaustionPolicy(new ExhaustionPolicy.Settings(32, 2, 16));

    private static VpcInIdc vpc(Set<Cidr> allSubnets, SubnetOccupancy... idcSubnets) {
        return VpcInIdc.of(VPC, allSubnets, List.of(idcSubnets), CLUSTERS);
    }

    @Test
    void takesTheAlignedPartnerSliceWhenAClusterRunsOut() {
        SubnetOccupancy a = full(plan(SUBNET_A, Map.of(0, "az0", 2, "az1", 4, "az2")));

        assertThat(policy.onExhausted(vpc(Set.of(SUBNET_A), a), "az1", SUBNET_A))
                .isEqualTo(new TakeSpareSlice(SUBNET_A, 3, "az1"));
    }

    @Test
    void takesTheLowestSpareSliceWhenThePartnerIsTaken() {
        SubnetOccupancy a = full(plan(SUBNET_A, Map.of(0, "az0", 1, "az2", 2, "az1", 3, "az2", 4, "az2")));

        assertThat(policy.onExhausted(vpc(Set.of(SUBNET_A), a), "az0", SUBNET_A))
                .isEqualTo(new TakeSpareSlice(SUBNET_A, 5, "az0"));
    }

    @Test
    void takesASpareSliceOfAnotherSubnetWhenItsOwnSubnetHasNone() {
        SubnetOccupancy a = full(plan(SUBNET_A, Map.of(0, "az0", 1, "az0", 2, "az0", 3, "az0", 4, "az1", 5, "az1",
                6, "az2", 7, "az0")));
        SubnetOccupancy b = full(plan(SUBNET_B, Map.of(0, "az1", 1, "az2")));

        assertThat(policy.onExhausted(vpc(Set.of(SUBNET_A, SUBNET_B), a, b), "az0", SUBNET_A))
                .isEqualTo(new TakeSpareSliceOfOtherSubnet(SUBNET_B, 2, "az0"));
    }

    @Test
    void opensANewSubnetMostlyForTheClusterThatRanOut() {
        SubnetOccupancy a = full(plan(SUBNET_A, Map.of(0, "az0", 1, "az0", 2, "az0", 3, "az0", 4, "az0", 5, "az0",
                6, "az1", 7, "az2")));
        SubnetOccupancy b = leavingFree(plan(SUBNET_B, Map.of(0, "az1", 1, "az2", 2, "az0", 3, "az0", 4, "az0",
                5, "az0", 6, "az0", 7, "az0")), Map.of("az1", 100, "az2", 100));

        ExhaustionDecision decision = policy.onExhausted(vpc(Set.of(SUBNET_A, SUBNET_B), a, b), "az0", SUBNET_B);

        assertThat(decision).isEqualTo(new NewSubnet(plan(SUBNET_C, Map.of(0, "az0", 1, "az0")), "az0"));
    }

    @Test
    void keepsTheMinimumReserveOfOtherClustersInANewSubnet() {
        SubnetOccupancy a = full(plan(SUBNET_A, Map.of(0, "az0", 1, "az0", 2, "az0", 3, "az0", 4, "az0", 5, "az0",
                6, "az1", 7, "az2")));

        ExhaustionDecision decision = policy.onExhausted(vpc(Set.of(SUBNET_A), a), "az0", SUBNET_A);

        assertThat(decision).isEqualTo(new NewSubnet(plan(SUBNET_B, Map.of(0, "az0", 1, "az0", 2, "az1", 3, "az2")),
                "az0"));
    }

    @Test
    void skipsSubnetsOfTheVpcHeldByOtherIdcs() {
        SubnetOccupancy b = full(plan(SUBNET_B, Map.of(0, "az0", 1, "az0", 2, "az0", 3, "az0", 4, "az0", 5, "az0",
                6, "az1", 7, "az2")));

        NewSubnet decision = (NewSubnet) policy.onExhausted(vpc(Set.of(SUBNET_A, SUBNET_B), b), "az0", SUBNET_B);

        assertThat(decision.plan().subnet()).isEqualTo(SUBNET_C);
    }

    /** Four subnets without a spare slice: az0 owns six slices of a, b and c (all in use), az1 and az2 the rest. */
    private static VpcInIdc noSliceCanMove(Map<String, Integer> freeInD) {
        Map<Integer, String> owners = Map.of(0, "az0", 1, "az0", 2, "az0", 3, "az0", 4, "az0", 5, "az0",
                6, "az1", 7, "az2");
        SubnetOccupancy a = full(plan(SUBNET_A, owners));
        SubnetOccupancy b = full(plan(SUBNET_B, owners));
        SubnetOccupancy c = full(plan(SUBNET_C, owners));
        SubnetOccupancy d = leavingFree(plan(SUBNET_D, Map.of(0, "az1", 1, "az1", 2, "az1", 3, "az1",
                4, "az1", 5, "az1", 6, "az1", 7, "az2")), freeInD);
        return vpc(Set.of(SUBNET_A, SUBNET_B, SUBNET_C, SUBNET_D), a, b, c, d);
    }

    @Test
    void lendsTheUpperHalfOfTheLenderWithTheFewestFreeAddressesThatKeepsItsReserveWhenNoSliceCanMove() {
        VpcInIdc vpc = noSliceCanMove(Map.of("az1", 7 * 128 - 2, "az2", 127));

        assertThat(policy.onExhausted(vpc, "az0", SUBNET_A)).isEqualTo(new LendHalfSlice(SUBNET_D, 7, "az2", "az0"));
    }

    @Test
    void lendsTheLowestFreeUpperHalfOfTheLender() {
        VpcInIdc vpc = noSliceCanMove(Map.of("az1", 7 * 128 - 2, "az2", 0));

        assertThat(policy.onExhausted(vpc, "az0", SUBNET_A)).isEqualTo(new LendHalfSlice(SUBNET_D, 0, "az1", "az0"));
    }

    @Test
    void lendsOnlyAnUpperHalfWithNoAddressInUse() {
        VpcInIdc vpc = noSliceCanMove(Map.of("az1", 100, "az2", 0));

        LendHalfSlice loan = (LendHalfSlice) policy.onExhausted(vpc, "az0", SUBNET_A);

        assertThat(loan).isEqualTo(new LendHalfSlice(SUBNET_D, 6, "az1", "az0"));
        assertThat(vpc.subnet(SUBNET_D).orElseThrow().usedInHalf(loan.halfIndex())).isZero();
    }

    @Test
    void neverLendsBelowTheLendersMinimumReserve() {
        VpcInIdc vpc = noSliceCanMove(Map.of("az1", 32 + 63, "az2", 127));

        assertThat(policy.onExhausted(vpc, "az0", SUBNET_A)).isEqualTo(new LendHalfSlice(SUBNET_D, 7, "az2", "az0"));
        assertThat(policy.onExhausted(noSliceCanMove(Map.of("az1", 32 + 63, "az2", 32 + 62)), "az0", SUBNET_A))
                .isInstanceOf(VpcExhausted.class);
    }

    @Test
    void neverLendsAHalfTwiceNorPassesABorrowedHalfOn() {
        VpcInIdc before = noSliceCanMove(Map.of("az1", 128 + 32, "az2", 0));
        SubnetOccupancy d = before.subnet(SUBNET_D).orElseThrow();
        SubnetOccupancy lent = d.withPlan(d.plan().lend(SlicePlan.halfIndex(6, 1), "az2"));
        VpcInIdc after = VpcInIdc.of(VPC, before.vpcSubnets(), List.of(before.idcSubnets().get(0),
                before.idcSubnets().get(1), before.idcSubnets().get(2), lent), CLUSTERS);

        assertThat(after.freeOf("az1")).isEqualTo(96);
        assertThat(after.freeOf("az2")).isEqualTo(64);
        assertThat(policy.onExhausted(after, "az0", SUBNET_A)).isInstanceOf(VpcExhausted.class);
    }

    @Test
    void reportsVpcExhaustedWhenNoSliceCanMoveAndNoHalfIsFree() {
        ExhaustionDecision decision = policy.onExhausted(noSliceCanMove(Map.of("az1", 60, "az2", 60)), "az0", SUBNET_A);

        assertThat(decision).isInstanceOf(VpcExhausted.class);
        assertThat(((VpcExhausted) decision).freeInOtherClusters()).isEqualTo(120);
        assertThat(((VpcExhausted) decision).message()).contains("11.0.0.0/20 address space exhausted for cluster az0");
    }

    @Test
    void topsUpEarlyBelowTheLowWatermark() {
        SlicePlan plan = plan(SUBNET_A, Map.of(0, "az0", 2, "az1", 4, "az2"));
        SubnetOccupancy sixteenLeft = leavingFree(plan, Map.of("az0", 16));
        SubnetOccupancy fifteenLeft = leavingFree(plan, Map.of("az0", 15));

        assertThat(policy.onLowWatermark(vpc(Set.of(SUBNET_A), sixteenLeft), "az0", SUBNET_A)).isEmpty();
        assertThat(policy.onLowWatermark(vpc(Set.of(SUBNET_A), fifteenLeft), "az0", SUBNET_A))
                .contains(new TakeSpareSlice(SUBNET_A, 1, "az0"));
    }

    @Test
    void refusesAClusterThatIsNotActiveInTheIdc() {
        SubnetOccupancy a = SubnetOccupancy.empty(plan(SUBNET_A, Map.of(0, "az0")));

        assertThatIllegalArgumentException().isThrownBy(() -> policy.onExhausted(vpc(Set.of(SUBNET_A), a), "az9", SUBNET_A))
                .withMessageContaining("not an active cluster");
    }
}
