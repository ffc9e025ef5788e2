package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ultron.api.network.Cidr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SlicePlannerPropertiesTest {

    @Property
    void plansCoverTheSubnetExactlyWithoutOverlap(@ForAll @IntRange(min = 0, max = 8) int clusterCount,
                                                 @ForAll @IntRange(min = 0, max = 1023) int subnetIndex) {
        Cidr subnet = AddressSpacePlanner.ADDRESS_SPACE.subnet(SlicePlan.SUBNET_PREFIX, subnetIndex);
        SlicePlan plan = SlicePlanner.initialPlan(subnet, NetworkMother.clusters(clusterCount));

        Set<Integer> owned = plan.owners().keySet();
        assertThat(owned.size() + plan.spareSlices().size()).isEqualTo(SlicePlan.SLICES);
        plan.spareSlices().forEach(spare -> assertThat(owned).doesNotContain(spare));
        Set<Cidr> slices = new HashSet<>();
        for (int i = 0; i < SlicePlan.SLICES; i++) {
            Cidr slice = plan.slice(i);
            assertThat(subnet.contains(slice)).isTrue();
            slices.forEach(other -> assertThat(other.overlaps(slice)).isFalse());
            slices.add(slice);
        }
        assertThat(slices.stream().mapToLong(Cidr::size).sum()).isEqualTo(subnet.size());
    }

    @Property
    void givesEveryClusterOneOrTwoSlicesAndTwoOnlyWhenAligned(@ForAll @IntRange(min = 1, max = 8) int clusterCount) {
        List<String> clusters = NetworkMother.clusters(clusterCount);
        SlicePlan plan = SlicePlanner.initialPlan(NetworkMother.SUBNET_A, clusters);

        assertThat(plan.clusters()).containsExactlyInAnyOrderElementsOf(clusters);
        for (String cluster : clusters) {
            List<Integer> slices = plan.slicesOf(cluster);
            assertThat(slices).hasSizeBetween(1, 2);
            if (slices.size() == 2) {
                assertThat(slices.get(1)).isEqualTo(SlicePlan.alignedPartner(slices.get(0)));
                assertThat(slices.get(0) % 2).isZero();
            }
        }
    }

    /** 0..8 clusters {@code az0..} in any order. */
    @Provide
    Arbitrary<List<String>> shuffledClusters() {
        return DomainArbitraries.clusters(0, 8).flatMap(Arbitraries::shuffle);
    }

    @Property
    void planDoesNotDependOnTheOrderOfClusters(@ForAll("shuffledClusters") List<String> shuffled) {
        int clusterCount = shuffled.size();

        assertThat(SlicePlanner.initialPlan(NetworkMother.SUBNET_A, shuffled))
                .isEqualTo(SlicePlanner.initialPlan(NetworkMother.SUBNET_A, NetworkMother.clusters(clusterCount)));
    }

    @Property(tries = 20)
    void refusesMoreThanEightClusters(@ForAll @IntRange(min = 9, max = 40) int clusterCount) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SlicePlanner.initialPlan(NetworkMother.SUBNET_A, NetworkMother.clusters(clusterCount)));
    }
}
