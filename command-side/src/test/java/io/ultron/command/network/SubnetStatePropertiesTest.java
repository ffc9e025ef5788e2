package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.command.network.DomainArbitraries.Sliced;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The allocation path's shortcuts answer exactly what the checked {@link SubnetOccupancy} answers. */
class SubnetStatePropertiesTest {

    @Provide
    Arbitrary<Sliced> subnets() {
        return DomainArbitraries.sliced(NetworkMother.SUBNET_B, 1, 8);
    }

    @Property
    void freeAddressesAndTheNextPickAgreeWithTheOccupancy(@ForAll("subnets") Sliced given) {
        SubnetOccupancy occupancy = given.occupancy();
        SubnetState state = new SubnetState(SubnetId.of(VpcId.of("vpc-props"), 1), "idc-1", NetworkMother.SUBNET_B);
        state.plan = given.plan();
        occupancy.used().forEach(address -> state.holders.put(address, "owner-" + address));

        for (String cluster : given.clusters()) {
            // every half of the cluster is in Neutron: the ready pick is the plain lowest free address
            Set<Integer> allHalves = IntStream.range(0, SlicePlan.SLICES * 2).boxed().collect(Collectors.toSet());
            state.readyHalves.put(cluster, allHalves);

            assertThat(state.freeOf(cluster)).isEqualTo(occupancy.freeOf(cluster));
            assertThat(state.lowestReadyFree(cluster)).isEqualTo(IpPicker.lowestFree(occupancy, cluster));
        }
    }
}
