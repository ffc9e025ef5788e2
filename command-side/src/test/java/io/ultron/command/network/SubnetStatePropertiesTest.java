package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The allocation path's shortcuts answer exactly what the checked {@link SubnetOccupancy} answers. */
class SubnetStatePropertiesTest {

    @Property
    void freeAddressesAndTheNextPickAgreeWithTheOccupancy(@ForAll Random random,
                                                          @ForAll @IntRange(min = 1, max = 8) int clusterCount) {
        List<String> clusters = NetworkMother.clusters(clusterCount);
        SlicePlan plan = NetworkMother.randomPlan(random, NetworkMother.SUBNET_B, clusters);
        SubnetOccupancy occupancy = NetworkMother.randomlyUsed(random, plan);
        SubnetState state = new SubnetState(SubnetId.of(VpcId.of("vpc-props"), 1), "idc-1", NetworkMother.SUBNET_B);
        state.plan = plan;
        occupancy.used().forEach(address -> state.holders.put(address, "owner-" + address));

        for (String cluster : clusters) {
            // every half of the cluster is in Neutron: the ready pick is the plain lowest free address
            Set<Integer> allHalves = IntStream.range(0, SlicePlan.SLICES * 2).boxed().collect(Collectors.toSet());
            state.readyHalves.put(cluster, allHalves);

            assertThat(state.freeOf(cluster)).isEqualTo(occupancy.freeOf(cluster));
            assertThat(state.lowestReadyFree(cluster)).isEqualTo(IpPicker.lowestFree(occupancy, cluster));
        }
    }
}
