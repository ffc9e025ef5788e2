package io.ultron.command.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.cluster.ClusterStatus;
import io.ultron.command.compute.PlacementResult.Partial;
import io.ultron.command.compute.PlacementResult.Placed;
import io.ultron.command.compute.PlacementResult.Refused;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

class PlacementPolicyPropertiesTest {

    /** A batch of 1..300 random servers for up to eight random clusters of an IDC. */
    private record Scenario(ServerShape shape, int count, List<ClusterCandidate> candidates, boolean allowPartial) {

        static Scenario random(Random random, int clusterCount) {
            return new Scenario(ComputeMother.randomShape(random), 1 + random.nextInt(300),
                    ComputeMother.randomCandidates(random, clusterCount), random.nextBoolean());
        }

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
    void neverPlacesOnADrainingOrIncapableCluster(@ForAll Random random,
                                                 @ForAll @IntRange(min = 0, max = 8) int clusterCount) {
        Scenario given = Scenario.random(random, clusterCount);

        placementOf(given.place()).ifPresent(placement -> placement.serversPerCluster().keySet().forEach(cluster ->
                assertThat(given.eligible(given.candidate(cluster))).isTrue()));
    }

    @Property(tries = 500)
    void neverExceedsAClustersVcpusRamOrAddressesAfterReservations(@ForAll Random random,
                                                                  @ForAll @IntRange(min = 1, max = 8) int clusterCount) {
        Scenario given = Scenario.random(random, clusterCount);

        placementOf(given.place()).ifPresent(placement -> placement.reservationFor(given.shape()).forEach(
                (cluster, reservation) -> assertFits(given.candidate(cluster), reservation)));
    }

    @Property(tries = 500)
    void placesTheWholeBatchWhenRoomSufficesElseEveryFreeSlotOrNothing(@ForAll Random random,
                                                                      @ForAll @IntRange(min = 0, max = 8) int clusterCount) {
        Scenario given = Scenario.random(random, clusterCount);
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
    void givesEveryClusterTheFloorOrCeilingOfItsProportionalShare(@ForAll Random random,
                                                                 @ForAll @IntRange(min = 1, max = 8) int clusterCount) {
        Scenario given = Scenario.random(random, clusterCount);
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
    void neverGivesAClusterWithMoreRoomFewerServers(@ForAll Random random,
                                                   @ForAll @IntRange(min = 2, max = 8) int clusterCount) {
        Scenario given = Scenario.random(random, clusterCount);

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
    void twoBatchesInSequenceNeverOverbookACluster(@ForAll Random random,
                                                  @ForAll @IntRange(min = 1, max = 8) int clusterCount) {
        Scenario first = Scenario.random(random, clusterCount);
        Map<String, Reservation> heldByFirst = placementOf(first.place())
                .map(placement -> placement.reservationFor(first.shape()))
                .orElse(Map.of());
        List<ClusterCandidate> afterFirst = first.candidates().stream()
                .map(c -> c.withReservation(heldByFirst.getOrDefault(c.clusterId(), Reservation.NONE)))
                .toList();
        ServerShape secondShape = new ServerShape(1 + random.nextInt(16), 512 * (1 + random.nextInt(64)),
                first.shape().bootDisk());
        Scenario second = new Scenario(secondShape, 1 + random.nextInt(300), afterFirst, random.nextBoolean());
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
    void samePlacementForTheSameCandidatesInAnyOrder(@ForAll Random random,
                                                    @ForAll @IntRange(min = 0, max = 8) int clusterCount) {
        Scenario given = Scenario.random(random, clusterCount);
        List<ClusterCandidate> shuffled = new ArrayList<>(given.candidates());
        Collections.shuffle(shuffled, random);

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
