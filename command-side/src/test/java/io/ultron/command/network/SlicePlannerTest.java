package io.ultron.command.network;

import static io.ultron.command.network.NetworkMother.SUBNET_A;
import static io.ultron.command.network.NetworkMother.clusters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlicePlannerTest {

    @Test
    void givesEachClusterOneEvenSliceAndKeepsItsAlignedPartnerSpare() {
        SlicePlan plan = SlicePlanner.initialPlan(SUBNET_A, List.of("az-b", "az-a", "az-c"));

        assertThat(plan.slicesOf("az-a")).containsExactly(0);
        assertThat(plan.slicesOf("az-b")).containsExactly(2);
        assertThat(plan.slicesOf("az-c")).containsExactly(4);
        assertThat(plan.spareSlices()).containsExactly(1, 3, 5, 6, 7);
    }

    @Test
    void placesClustersFiveToEightOnTheOddSlices() {
        SlicePlan plan = SlicePlanner.initialPlan(SUBNET_A, clusters(5));

        assertThat(plan.slicesOf("az4")).containsExactly(1);
        assertThat(plan.spareSlices()).containsExactly(3, 5, 7);
    }

    @Test
    void refusesMoreThanEightClusters() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlicePlanner.initialPlan(SUBNET_A, clusters(9)))
                .withMessageContaining("at most 8 clusters");
    }

    @Test
    void neverCountsNetworkGatewayOrBroadcastAsUsable() {
        assertThat(SlicePlan.usableAddresses(0)).isEqualTo(126);
        assertThat(SlicePlan.usableAddresses(7)).isEqualTo(127);
        assertThat(SlicePlan.usableAddresses(3)).isEqualTo(128);
        assertThat(SlicePlanner.initialPlan(SUBNET_A, List.of()).gateway().toString()).isEqualTo("11.0.0.1");
    }

    @Test
    void aNewcomerTakesTheSliceTheInitialPlanWouldHaveGivenIt() {
        SlicePlan twoClusters = SlicePlanner.initialPlan(SUBNET_A, List.of("az-a", "az-b"));

        assertThat(SlicePlanner.sliceForNewcomer(twoClusters)).contains(4);
    }

    @Test
    void aNewcomerPrefersASliceWhoseAlignedPartnerIsSpare() {
        // slice 0's partner 1 and slice 2's partner 3 are taken, 4 is taken: 6 and 7 form the only spare /24
        SlicePlan plan = NetworkMother.plan(SUBNET_A, Map.of(0, "az-a", 1, "az-a", 3, "az-b", 4, "az-c"));

        assertThat(SlicePlanner.sliceForNewcomer(plan)).contains(6);
    }

    @Test
    void aNewcomerTakesAnySpareSliceWhenNoSlashTwentyFourIsFree() {
        SlicePlan plan = NetworkMother.plan(SUBNET_A, Map.of(0, "a", 1, "a", 2, "b", 4, "c", 5, "c", 6, "d", 7, "d"));

        assertThat(SlicePlanner.sliceForNewcomer(plan)).contains(3);
    }

    @Test
    void aFullSubnetHasNoSliceForANewcomer() {
        SlicePlan full = SlicePlanner.initialPlan(SUBNET_A, clusters(8));

        assertThat(SlicePlanner.sliceForNewcomer(full)).isEmpty();
    }
}
