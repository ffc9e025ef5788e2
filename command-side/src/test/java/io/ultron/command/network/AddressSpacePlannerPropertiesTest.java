package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.Cidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

class AddressSpacePlannerPropertiesTest {

    private static final Cidr SPACE = Cidr.parse("11.0.0.0/15");
    private static final List<ReservationHolder> HOLDERS = List.of(ReservationHolder.department("finance"),
            ReservationHolder.department("retail"), ReservationHolder.purpose("bigdata"));
    private static final int MAX_STEPS = 200;

    /**
     * One step of a run: give back the {@code index}-th block held (modulo how many are held), or, when
     * {@code release} is false or nothing is held, ask for a block as {@code requester} (nobody or one holder).
     */
    record Step(boolean release, int index, Optional<ReservationHolder> requester) {

        Set<ReservationHolder> requesters() {
            return requester.map(Set::of).orElse(Set.of());
        }
    }

    /** A run: the reserved ranges, then up to 200 steps, mostly requests, one in five a release. */
    record Run(List<ReservedRange> reservations, List<Step> steps) {
    }

    @Provide
    Arbitrary<Run> runs() {
        Arbitrary<Boolean> release = Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
        Arbitrary<Optional<ReservationHolder>> requester = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Optional.<ReservationHolder>empty())),
                Tuple.of(1, Arbitraries.of(HOLDERS).map(Optional::of)));
        Arbitrary<Step> step = Combinators.combine(release, Arbitraries.integers().between(0, MAX_STEPS), requester)
                .as(Step::new);
        return Combinators.combine(reservations(), step.list().ofMaxSize(MAX_STEPS)
                .withSizeDistribution(RandomDistribution.uniform())).as(Run::new);
    }

    /** Each /18 of the space reserved (one in three) as a /18, /19 or /20 at its start for one of the holders. */
    private static Arbitrary<List<ReservedRange>> reservations() {
        List<Cidr> candidates = SPACE.split(18);
        Arbitrary<Optional<Tuple.Tuple2<Integer, ReservationHolder>>> reservation = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Optional.empty())),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(18, 20), Arbitraries.of(HOLDERS))
                        .as((prefix, holder) -> Optional.of(Tuple.of(prefix, holder)))));
        return reservation.list().ofSize(candidates.size()).map(chosen -> {
            List<ReservedRange> ranges = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                Cidr candidate = candidates.get(i);
                chosen.get(i).ifPresent(r -> ranges.add(new ReservedRange(candidate.subnet(r.get1(), 0), r.get2())));
            }
            return ranges;
        });
    }

    /** Twice the tries of the fixed 200-step runs it replaces, as the runs are 100 steps long on average. */
    @Property(tries = 400)
    void neverHandsOutABlockTwiceNorAReservedBlockToAnotherHolder(@ForAll("runs") Run run) {
        AddressSpacePlanner planner = new AddressSpacePlanner(SPACE, run.reservations());
        List<Cidr> allocated = new ArrayList<>();

        for (Step step : run.steps()) {
            if (!allocated.isEmpty() && step.release()) {
                allocated.remove(step.index() % allocated.size());
                continue;
            }
            Set<ReservationHolder> requester = step.requesters();
            Optional<Cidr> block = planner.nextFreeBlock(allocated, requester);
            if (block.isEmpty()) {
                assertThat(SPACE.split(AddressSpacePlanner.VPC_PREFIX).stream()
                        .filter(b -> !allocated.contains(b)).noneMatch(b -> planner.mayHand(b, requester))).isTrue();
                continue;
            }
            assertThat(allocated).doesNotContain(block.get());
            assertThat(block.get().prefix()).isEqualTo(AddressSpacePlanner.VPC_PREFIX);
            assertThat(SPACE.contains(block.get())).isTrue();
            assertThat(planner.mayHand(block.get(), requester)).isTrue();
            planner.reservationOf(block.get()).ifPresent(holder -> assertThat(requester).contains(holder));
            allocated.add(block.get());
        }
        assertThat(new HashSet<>(allocated)).hasSameSizeAs(allocated);
    }
}
