package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.Cidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class AddressSpacePlannerPropertiesTest {

    private static final Cidr SPACE = Cidr.parse("11.0.0.0/15");
    private static final List<ReservationHolder> HOLDERS = List.of(ReservationHolder.department("finance"),
            ReservationHolder.department("retail"), ReservationHolder.purpose("bigdata"));

    @Property(tries = 200)
    void neverHandsOutABlockTwiceNorAReservedBlockToAnotherHolder(@ForAll Random random) {
        AddressSpacePlanner planner = new AddressSpacePlanner(SPACE, randomReservations(random));
        List<Cidr> allocated = new ArrayList<>();

        for (int step = 0; step < 200; step++) {
            if (!allocated.isEmpty() && random.nextInt(5) == 0) {
                allocated.remove(random.nextInt(allocated.size()));
                continue;
            }
            Set<ReservationHolder> requester = random.nextBoolean() ? Set.of() : Set.of(HOLDERS.get(random.nextInt(3)));
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

    private static List<ReservedRange> randomReservations(Random random) {
        List<ReservedRange> ranges = new ArrayList<>();
        for (Cidr candidate : SPACE.split(18)) {
            if (random.nextInt(3) == 0) {
                Cidr range = candidate.subnet(18 + random.nextInt(3), 0);
                ranges.add(new ReservedRange(range, HOLDERS.get(random.nextInt(HOLDERS.size()))));
            }
        }
        return ranges;
    }
}
