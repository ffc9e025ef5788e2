package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class IpPickerPropertiesTest {

    @Property
    void picksTheLowestFreeAddressOfTheClustersSlicesAndNothingReserved(@ForAll Random random,
                                                                      @ForAll @IntRange(min = 1, max = 8) int clusterCount) {
        List<String> clusters = NetworkMother.clusters(clusterCount);
        SlicePlan plan = NetworkMother.randomPlan(random, NetworkMother.SUBNET_B, clusters);
        SubnetOccupancy subnet = NetworkMother.randomlyUsed(random, plan);
        String cluster = clusters.get(random.nextInt(clusterCount));

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
    void handsOutEveryUsableAddressOfTheClusterExactlyOnce(@ForAll Random random) {
        Cidr subnet = NetworkMother.SUBNET_A;
        SlicePlan plan = NetworkMother.randomPlan(random, subnet, List.of("az0", "az1"));
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
