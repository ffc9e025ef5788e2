package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated slice plans and occupancies for the address properties. A subnet is drawn as a {@link SliceUse} per
 * slice, independently of how many clusters there are, so that every part shrinks on its own: towards fewer
 * clusters, spare slices, owner {@code az0}, fewer addresses in use and the lowest ones.
 */
final class DomainArbitraries {

    /** Owner numbers are taken modulo the number of clusters; 840 is a multiple of 1..8, so each is as likely. */
    static final int ANY = 840;

    private DomainArbitraries() {
    }

    /** {@code clusters} with a plan of one subnet among them and its addresses in use. */
    record Sliced(List<String> clusters, SubnetOccupancy occupancy) {

        SlicePlan plan() {
            return occupancy.plan();
        }
    }

    /**
     * One slice of a subnet: spare, or owned by cluster {@code owner} modulo the number of clusters, with the first
     * {@code fill} of its allocatable addresses in use in the order {@code order} picks (all of them when
     * {@code fill} is as many or more; order 0 is address order, the order in which they are handed out).
     */
    record SliceUse(Optional<Integer> owner, int fill, long order) {
    }

    /** {@code az0..} of {@code min..max} clusters. */
    static Arbitrary<List<String>> clusters(int min, int max) {
        return Arbitraries.integers().between(min, max).map(NetworkMother::clusters);
    }

    /**
     * The eight slices of a subnet: each spare one time in three ({@code withSpare}) or owned, with anything from
     * none to all of its addresses in use, all of them one time in four (as the random fill these replace).
     */
    static Arbitrary<List<SliceUse>> slices(boolean withSpare) {
        Arbitrary<Optional<Integer>> owned = Arbitraries.integers().between(0, ANY - 1).map(Optional::of);
        Arbitrary<Optional<Integer>> owner = withSpare
                ? Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Optional.<Integer>empty())), Tuple.of(2, owned))
                : owned;
        Arbitrary<Integer> fill = Arbitraries.integers().between(0, SlicePlan.SLICE_SIZE * 4 / 3);
        return Combinators.combine(owner, fill, Arbitraries.longs()).as(SliceUse::new)
                .list().ofSize(SlicePlan.SLICES);
    }

    /** Between {@code min} and {@code max} clusters with a plan of {@code subnet} (some slices spare) and its use. */
    static Arbitrary<Sliced> sliced(Cidr subnet, int min, int max) {
        return Combinators.combine(clusters(min, max), slices(true))
                .as((clusters, slices) -> new Sliced(clusters, occupancy(subnet, clusters, slices)));
    }

    /** A plan of {@code subnet} among {@code clusters}, some slices spare. */
    static Arbitrary<SlicePlan> plans(Cidr subnet, List<String> clusters) {
        return slices(true).map(slices -> occupancy(subnet, clusters, slices).plan());
    }

    /** {@code subnet} sliced among {@code clusters} and used as {@code slices} say. */
    static SubnetOccupancy occupancy(Cidr subnet, List<String> clusters, List<SliceUse> slices) {
        TreeMap<Integer, String> owners = new TreeMap<>();
        for (int i = 0; i < slices.size(); i++) {
            int slice = i;
            slices.get(i).owner().ifPresent(owner -> owners.put(slice, clusters.get(owner % clusters.size())));
        }
        SlicePlan plan = new SlicePlan(subnet, owners);
        Set<Ipv4> used = new HashSet<>();
        for (int index : owners.keySet()) {
            SliceUse use = slices.get(index);
            Cidr slice = plan.slice(index);
            List<Ipv4> allocatable = LongStream.range(0, slice.size()).mapToObj(slice::address)
                    .filter(address -> !plan.isReserved(address)).toList();
            used.addAll(inOrder(allocatable, use.order()).subList(0, Math.min(use.fill(), allocatable.size())));
        }
        return new SubnetOccupancy(plan, used);
    }

    /** {@code addresses} in address order for {@code order} 0, else sorted by a mix of {@code order} and the address. */
    private static List<Ipv4> inOrder(List<Ipv4> addresses, long order) {
        if (order == 0) {
            return addresses;
        }
        return addresses.stream().sorted(Comparator.comparingLong(address -> mix(order ^ address.value()))).toList();
    }

    /** SplitMix64's finaliser: spreads the bits of {@code z}. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
