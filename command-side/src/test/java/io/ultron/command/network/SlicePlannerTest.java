package io.ultron.command.network;

import static io.ultron.command.network.NetworkMother.SUBNET_A;
import static io.ultron.command.network.NetworkMother.clusters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
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
}
