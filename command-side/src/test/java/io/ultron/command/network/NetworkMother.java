package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Test data for the address policies. */
final class NetworkMother {

    static final Cidr VPC = Cidr.parse("11.0.0.0/20");
    static final Cidr SUBNET_A = Cidr.parse("11.0.0.0/22");
    static final Cidr SUBNET_B = Cidr.parse("11.0.4.0/22");
    static final Cidr SUBNET_C = Cidr.parse("11.0.8.0/22");
    static final Cidr SUBNET_D = Cidr.parse("11.0.12.0/22");

    private NetworkMother() {
    }

    static List<String> clusters(int count) {
        return IntStream.range(0, count).mapToObj(i -> "az" + i).toList();
    }

    static SlicePlan plan(Cidr subnet, Map<Integer, String> owners) {
        return new SlicePlan(subnet, new TreeMap<>(owners));
    }

    /** Every allocatable address of the owned slices in use. */
    static SubnetOccupancy full(SlicePlan plan) {
        return leavingFree(plan, Map.of());
    }

    /** Every allocatable address in use except the highest {@code free.get(cluster)} of each cluster's addresses. */
    static SubnetOccupancy leavingFree(SlicePlan plan, Map<String, Integer> free) {
        Set<Ipv4> used = new HashSet<>();
        for (String cluster : plan.clusters()) {
            List<Ipv4> addresses = new ArrayList<>();
            for (int index : plan.slicesOf(cluster)) {
                Cidr slice = plan.slice(index);
                for (long i = 0; i < slice.size(); i++) {
                    Ipv4 address = slice.address(i);
                    if (!plan.isReserved(address)) {
                        addresses.add(address);
                    }
                }
            }
            used.addAll(addresses.subList(0, addresses.size() - free.getOrDefault(cluster, 0)));
        }
        return new SubnetOccupancy(plan, used);
    }

    static Set<String> names(List<String> clusters) {
        return clusters.stream().collect(Collectors.toSet());
    }
}
