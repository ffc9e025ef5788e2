package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import io.ultron.command.network.DomainArbitraries.Sliced;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IpPickerPropertiesTest {

    /** A subnet sliced among 1..8 clusters, some of its addresses in use, and the cluster that asks. */
    record Ask(Sliced subnet, String cluster) {
    }

    @Provide
    Arbitrary<Ask> asks() {
        return Combinators.combine(DomainArbitraries.sliced(NetworkMother.SUBNET_B, 1, 8),
                        Arbitraries.integers().between(0, DomainArbitraries.ANY - 1))
                .as((sliced, pick) -> new Ask(sliced, sliced.clusters().get(pick % sliced.clusters().size())));
    }

    @Provide
    Arbitrary<SlicePlan> twoClusterPlans() {
        return DomainArbitraries.plans(NetworkMother.SUBNET_A, List.of("az0", "az1"));
    }

    @Property
    void picksTheLowestFreeAddressOfTheClustersSlicesAndNothingReserved(@ForAll("asks") Ask given) {
        SlicePlan plan = given.subnet().plan();
        SubnetOccupancy subnet = given.subnet().occupancy();
        String cluster = given.cluster();

        Optional<Ipv4> picked = IpPicker.lowestFree(subnet, cluster);

        Optional<Ipv4> expected = plan.slicesOf(cluster).stream().map(plan::slice)
                .flatMap(slice -> LongStream.range(0, slice.size()).mapToObj(slice::address))
                .filter(ip -> !plan.isReserved(ip) && !subnet.used().contains(ip))
                .min(Ipv4::compareTo);
        assertThat(picked).isEqualTo(expected);
        assertThat(picked.isEmpty()).isEqualTo(subnet.freeOf(cluster) == 0);
        picked.ifPresent(ip -> {
            assertThat(plan.isReserved(ip)).isFalse();
            assertThat(subnet.used()).doesNotContain(ip);
            assertThat(plan.ownerOf(plan.sliceOf(ip).getAsInt())).contains(cluster);
        });
    }

    @Property(tries = 50)
    void handsOutEveryUsableAddressOfTheClusterExactlyOnce(@ForAll("twoClusterPlans") SlicePlan plan) {
        Cidr subnet = NetworkMother.SUBNET_A;
        SubnetOccupancy occupancy = SubnetOccupancy.empty(plan);
        Set<Ipv4> handedOut = new HashSet<>();

        for (Optional<Ipv4> next = IpPicker.lowestFree(occupancy, "az0"); next.isPresent();
                next = IpPicker.lowestFree(occupancy, "az0")) {
            assertThat(handedOut.add(next.get())).isTrue();
            assertThat(next.get()).isNotIn(subnet.network(), plan.gateway(), subnet.broadcast());
            occupancy = occupancy.withUsed(next.get());
        }

        assertThat(handedOut).hasSize(plan.usableAddressesOf("az0"));
    }
}
