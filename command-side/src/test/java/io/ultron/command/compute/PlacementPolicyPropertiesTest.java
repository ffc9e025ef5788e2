package io.ultron.command.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.command.compute.PlacementResult.Partial;
import io.ultron.command.compute.PlacementResult.Placed;
import io.ultron.command.compute.PlacementResult.Refused;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

class PlacementPolicyPropertiesTest {

    /** A batch of 1..300 servers of one shape for up to eight clusters of an IDC. */
    record Scenario(ServerShape shape, int count, List<ClusterCandidate> candidates, boolean allowPartial) {

        PlacementResult place() {
            return PlacementPolicy.place(shape, count, candidates, allowPartial);
        }

        /** The rule spelled out here rather than through {@link ClusterCandidate#accepts}, so both are checked. */
        List<ClusterCandidate> eligible() {
            return candidates.stream().filter(this::eligible).toList();
        }

        boolean eligible(ClusterCandidate candidate) {
            return candidate.status() == ClusterStatus.ACTIVE && candidate.capabilities().contains(shape.bootDisk());
        }

        long totalRoom() {
            return eligible().stream().mapToLong(candidate -> candidate.roomFor(shape)).sum();
        }

        ClusterCandidate candidate(String clusterId) {
            return candidates.stream().filter(c -> c.clusterId().equals(clusterId)).findFirst().orElseThrow();
        }
    }

    /** 1..16 vCPUs, 512 MB to 32 GB, booting from a volume or the hypervisor's disk. */
    static Arbitrary<ServerShape> shapes() {
        return Combinators.combine(Arbitraries.integers().between(1, 16), Arbitraries.integers().between(1, 64),
                        Arbitraries.of(Capability.CLOUD_DISK, Capability.LOCAL_DISK))
                .as((vcpus, ramUnits, bootDisk) -> new ServerShape(vcpus, 512 * ramUnits, bootDisk));
    }

    /**
     * One cluster as placement sees it (named by the list it is put in): ACTIVE three times in four, each capability three times
     * in four, Nova's free figures from overcommitted (negative) to plenty, some of it already reserved, up to 299
     * free addresses; shrinks towards an ACTIVE cluster with nothing free.
     */
    static Arbitrary<ClusterCandidate> candidate() {
        Arbitrary<ClusterStatus> status = Arbitraries.frequency(Tuple.of(3, ClusterStatus.ACTIVE),
                Tuple.of(1, ClusterStatus.DRAINING));
        return Combinators.combine(status, capabilities(), Arbitraries.longs().between(-50, 1949),
                        Arbitraries.longs().between(-20_000, 3_979_999), Arbitraries.longs().between(0, 999),
                        Arbitraries.longs().between(0, 1_999_999), Arbitraries.integers().between(0, 299))
                .as((s, c, freeVcpus, freeRamMb, reservedVcpus, reservedRamMb, freeAddresses) -> new ClusterCandidate(
                        "unnamed", s, c, freeVcpus, freeRamMb, reservedVcpus, reservedRamMb, freeAddresses));
    }

    /**
     * Any set of capabilities, each in it three times in four independently of the others: a set of k of the four
     * has weight 3^k. Shrinks towards the first, the empty set.
     */
    static Arbitrary<Set<Capability>> capabilities() {
        List<Tuple.Tuple2<Integer, Set<Capability>>> weighted = new ArrayList<>();
        Capability[] all = Capability.values();
        for (int bits = 0; bits < 1 << all.length; bits++) {
            Set<Capability> set = EnumSet.noneOf(Capability.class);
            for (int i = 0; i < all.length; i++) {
                if ((bits & 1 << i) != 0) {
                    set.add(all[i]);
                }
            }
            weighted.add(Tuple.of((int) Math.pow(3, set.size()), set));
        }
        return Arbitraries.frequency(weighted);
    }

    /** {@code az0..} of {@code min..max} clusters, named by their place in the list (so that it shrinks as a list). */
    static Arbitrary<List<ClusterCandidate>> candidates(int min, int max) {
        return candidate().list().ofMinSize(min).ofMaxSize(max).withSizeDistribution(RandomDistribution.uniform())
                .map(unnamed -> IntStream.range(0, unnamed.size()).mapToObj(i -> {
                    ClusterCandidate c = unnamed.get(i);
                    return new ClusterCandidate("az" + i, c.status(), c.capabilities(), c.freeVcpus(), c.freeRamMb(),
                            c.reservedVcpus(), c.reservedRamMb(), c.freeAddresses());
                }).toList());
    }

    static Arbitrary<Scenario> scenarios(int minClusters) {
        return Combinators.combine(shapes(), Arbitraries.integers().between(1, 300), candidates(minClusters, 8),
                Arbitraries.of(true, false)).as(Scenario::new);
    }

    @Provide
    Arbitrary<ServerShape> nextShapes() {
        return shapes();
    }

    @Provide
    Arbitrary<Scenario> anyClusters() {
        return scenarios(0);
    }

    @Provide
    Arbitrary<Scenario> someClusters() {
        return scenarios(1);
    }

    @Provide
    Arbitrary<Scenario> severalClusters() {
        return scenarios(2);
    }

    /** A scenario and its candidates in any order. */
    @Provide
    Arbitrary<Tuple.Tuple2<Scenario, List<ClusterCandidate>>> shuffledCandidates() {
        return scenarios(0).flatMap(scenario -> Arbitraries.shuffle(scenario.candidates())
                .map(shuffled -> Tuple.of(scenario, shuffled)));
    }

    private static Optional<Placement> placementOf(PlacementResult result) {
        if (result instanceof Placed placed) {
            return Optional.of(placed.placement());
        }
        if (result instanceof Partial partial) {
            return Optional.of(partial.placement());
        }
        return Optional.empty();
    }

    @Property(tries = 500)
    void neverPlacesOnADrainingOrIncapableCluster(@ForAll("anyClusters") Scenario given) {
        placementOf(given.place()).ifPresent(placement -> placement.serversPerCluster().keySet().forEach(cluster ->
                assertThat(given.eligible(given.candidate(cluster))).isTrue()));
    }

    @Property(tries = 500)
    void neverExceedsAClustersVcpusRamOrAddressesAfterReservations(@ForAll("someClusters") Scenario given) {
        placementOf(given.place()).ifPresent(placement -> placement.reservationFor(given.shape()).forEach(
                (cluster, reservation) -> assertFits(given.candidate(cluster), reservation)));
    }

    @Property(tries = 500)
    void placesTheWholeBatchWhenRoomSufficesElseEveryFreeSlotOrNothing(@ForAll("anyClusters") Scenario given) {
        long totalRoom = given.totalRoom();

        PlacementResult result = given.place();
        Statistics.collect(result instanceof Refused refused ? refused.code() : result.getClass().getSimpleName());

        if (given.eligible().isEmpty()) {
            assertThat(result).isInstanceOf(Refused.class);
            assertThat(((Refused) result).code()).isEqualTo(Refused.NO_CAPABLE_CLUSTER);
        } else if (totalRoom >= given.count()) {
            assertThat(result).isInstanceOf(Placed.class);
            assertThat(((Placed) result).placement().total()).isEqualTo(given.count());
        } else if (given.allowPartial() && totalRoom > 0) {
            assertThat(result).isInstanceOf(Partial.class);
            Partial partial = (Partial) result;
            assertThat(partial.placement().total()).isEqualTo(totalRoom);
            assertThat(partial.unplaced()).isEqualTo(given.count() - totalRoom);
            given.eligible().forEach(candidate -> assertThat(partial.placement().serversOn(candidate.clusterId()))
                    .isEqualTo(candidate.roomFor(given.shape())));
        } else {
            assertThat(result).isInstanceOf(Refused.class);
            assertThat(((Refused) result).code()).isEqualTo(Refused.INSUFFICIENT_CAPACITY);
        }
    }

    /**
     * With {@code placed} servers spread over rooms summing to {@code totalRoom}, every eligible cluster gets the
     * floor or the ceiling of its exact share {@code placed × room / totalRoom} (so it is within one server of it),
     * which is never above its room.
     */
    @Property(tries = 500)
    void givesEveryClusterTheFloorOrCeilingOfItsProportionalShare(@ForAll("someClusters") Scenario given) {
        long totalRoom = given.totalRoom();

        placementOf(given.place()).ifPresent(placement -> {
            long placed = placement.total();
            for (ClusterCandidate candidate : given.eligible()) {
                long share = placed * candidate.roomFor(given.shape());
                long floor = share / totalRoom;
                long ceiling = floor + (share % totalRoom == 0 ? 0 : 1);
                assertThat((long) placement.serversOn(candidate.clusterId())).isBetween(floor, ceiling);
                assertThat(ceiling).isLessThanOrEqualTo(candidate.roomFor(given.shape()));
            }
        });
    }

    @Property(tries = 500)
    void neverGivesAClusterWithMoreRoomFewerServers(@ForAll("severalClusters") Scenario given) {
        placementOf(given.place()).ifPresent(placement -> {
            for (ClusterCandidate more : given.eligible()) {
                for (ClusterCandidate less : given.eligible()) {
                    if (more.roomFor(given.shape()) > less.roomFor(given.shape())) {
                        assertThat(placement.serversOn(more.clusterId()))
                                .isGreaterThanOrEqualTo(placement.serversOn(less.clusterId()));
                    }
                }
            }
        });
    }

    @Property(tries = 500)
    void twoBatchesInSequenceNeverOverbookACluster(@ForAll("someClusters") Scenario first,
                                                  @ForAll("nextShapes") ServerShape nextShape,
                                                  @ForAll @IntRange(min = 1, max = 300) int secondCount,
                                                  @ForAll boolean secondAllowsPartial) {
        Map<String, Reservation> heldByFirst = placementOf(first.place())
                .map(placement -> placement.reservationFor(first.shape()))
                .orElse(Map.of());
        List<ClusterCandidate> afterFirst = first.candidates().stream()
                .map(c -> c.withReservation(heldByFirst.getOrDefault(c.clusterId(), Reservation.NONE)))
                .toList();
        // the second batch boots the same way: it competes for the same clusters
        ServerShape secondShape = new ServerShape(nextShape.vcpus(), nextShape.ramMb(), first.shape().bootDisk());
        Scenario second = new Scenario(secondShape, secondCount, afterFirst, secondAllowsPartial);
        Map<String, Reservation> heldBySecond = placementOf(second.place())
                .map(placement -> placement.reservationFor(secondShape))
                .orElse(Map.of());

        for (ClusterCandidate before : first.candidates()) {
            Reservation both = heldByFirst.getOrDefault(before.clusterId(), Reservation.NONE)
                    .plus(heldBySecond.getOrDefault(before.clusterId(), Reservation.NONE));
            assertFits(before, both);
        }
    }

    @Property(tries = 300)
    void samePlacementForTheSameCandidatesInAnyOrder(
            @ForAll("shuffledCandidates") Tuple.Tuple2<Scenario, List<ClusterCandidate>> givenAndShuffled) {
        Scenario given = givenAndShuffled.get1();
        List<ClusterCandidate> shuffled = givenAndShuffled.get2();

        PlacementResult result = given.place();

        assertThat(given.place()).isEqualTo(result);
        assertThat(PlacementPolicy.place(given.shape(), given.count(), shuffled, given.allowPartial())).isEqualTo(result);
    }

    private static void assertFits(ClusterCandidate cluster, Reservation reservation) {
        if (reservation.addresses() == 0) {
            return;
        }
        assertThat(reservation.vcpus()).isLessThanOrEqualTo(cluster.freeVcpus() - cluster.reservedVcpus());
        assertThat(reservation.ramMb()).isLessThanOrEqualTo(cluster.freeRamMb() - cluster.reservedRamMb());
        assertThat(reservation.addresses()).isLessThanOrEqualTo(cluster.freeAddresses());
    }
}
