package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generated slice plans and occupancies for the address properties. Every generator shrinks towards the smallest
 * case: fewer clusters, spare slices, fewer addresses in use, the lowest addresses.
 */
final class DomainArbitraries {

    private DomainArbitraries() {
    }

    /** {@code clusters} with a plan of one subnet among them and its addresses in use. */
    record Sliced(List<String> clusters, SubnetOccupancy occupancy) {

        SlicePlan plan() {
            return occupancy.plan();
        }
    }

    /** {@code az0..} of {@code min..max} clusters. */
    static Arbitrary<List<String>> clusters(int min, int max) {
        return Arbitraries.integers().between(min, max).map(NetworkMother::clusters);
    }

    /** Between {@code min} and {@code max} clusters with a plan of {@code subnet} (some slices spare) and its use. */
    static Arbitrary<Sliced> sliced(Cidr subnet, int min, int max) {
        return clusters(min, max).flatMap(clusters -> plans(subnet, clusters)
                .flatMap(DomainArbitraries::occupancies)
                .map(occupancy -> new Sliced(clusters, occupancy)));
    }

    /** A plan whose slices are each spare (one in three) or owned by one of {@code clusters}; shrinks to all spare. */
    static Arbitrary<SlicePlan> plans(Cidr subnet, List<String> clusters) {
        Arbitrary<Optional<String>> owner = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(2, Arbitraries.of(clusters).map(Optional::of)));
        return owner.list().ofSize(SlicePlan.SLICES).map(owners -> plan(subnet, owners));
    }

    /** A plan with no spare slice, each slice owned by one of {@code clusters}. */
    static Arbitrary<SlicePlan> fullyOwnedPlans(Cidr subnet, List<String> clusters) {
        return Arbitraries.of(clusters).list().ofSize(SlicePlan.SLICES)
                .map(owners -> plan(subnet, owners.stream().map(Optional::of).toList()));
    }

    private static SlicePlan plan(Cidr subnet, List<Optional<String>> owners) {
        TreeMap<Integer, String> owned = new TreeMap<>();
        for (int i = 0; i < owners.size(); i++) {
            int slice = i;
            owners.get(i).ifPresent(cluster -> owned.put(slice, cluster));
        }
        return new SlicePlan(subnet, owned);
    }

    /** {@code plan} with, in each owned slice, anything from none to all of its allocatable addresses in use. */
    static Arbitrary<SubnetOccupancy> occupancies(SlicePlan plan) {
        List<Arbitrary<Set<Ipv4>>> perSlice = plan.owners().keySet().stream()
                .map(slice -> usedIn(plan, slice)).toList();
        if (perSlice.isEmpty()) {
            return Arbitraries.just(SubnetOccupancy.empty(plan));
        }
        return Combinators.combine(perSlice).as(sets -> {
            Set<Ipv4> used = new HashSet<>();
            sets.forEach(used::addAll);
            return new SubnetOccupancy(plan, used);
        });
    }

    /**
     * The addresses in use in one owned slice: a set of any size (shrinking to none and to the lowest addresses),
     * all but a set (nearly full), or all of them (full, as often as the random fill of one in four).
     */
    private static Arbitrary<Set<Ipv4>> usedIn(SlicePlan plan, int index) {
        Cidr slice = plan.slice(index);
        List<Ipv4> allocatable = LongStream.range(0, slice.size()).mapToObj(slice::address)
                .filter(address -> !plan.isReserved(address)).toList();
        Arbitrary<Set<Ipv4>> some = Arbitraries.of(allocatable).set().ofMaxSize(allocatable.size())
                .withSizeDistribution(RandomDistribution.uniform());
        return Arbitraries.frequencyOf(
                Tuple.of(2, some),
                Tuple.of(1, some.map(free -> allBut(allocatable, free))),
                Tuple.of(1, Arbitraries.just(Set.copyOf(allocatable))));
    }

    private static Set<Ipv4> allBut(List<Ipv4> all, Set<Ipv4> excluded) {
        Set<Ipv4> rest = new HashSet<>(all);
        rest.removeAll(excluded);
        return rest;
    }
}
