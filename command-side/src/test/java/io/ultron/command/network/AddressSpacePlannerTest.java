package io.ultron.command.network;

import static io.ultron.command.network.ReservationHolder.department;
import static io.ultron.command.network.ReservationHolder.purpose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ultron.api.network.Cidr;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressSpacePlannerTest {

    private static final Cidr FINANCE_RANGE = Cidr.parse("11.0.0.0/19");
    private final AddressSpacePlanner planner = AddressSpacePlanner.of(
            List.of(new ReservedRange(FINANCE_RANGE, department("finance"))));

    @Test
    void handsOutTheLowestFreeBlockOfTheCommonPool() {
        assertThat(planner.nextFreeBlock(List.of(), Set.of())).contains(Cidr.parse("11.0.32.0/20"));
        assertThat(planner.nextFreeBlock(List.of(Cidr.parse("11.0.32.0/20")), Set.of()))
                .contains(Cidr.parse("11.0.48.0/20"));
    }

    @Test
    void givesReservedBlocksOnlyToTheirDepartment() {
        assertThat(planner.nextFreeBlock(List.of(), Set.of(department("finance"), purpose("web"))))
                .contains(Cidr.parse("11.0.0.0/20"));
        assertThat(planner.mayHand(Cidr.parse("11.0.16.0/20"), Set.of(department("retail")))).isFalse();
    }

    @Test
    void fallsBackToTheCommonPoolWhenItsReservedRangeIsFull() {
        List<Cidr> allocated = List.of(Cidr.parse("11.0.0.0/20"), Cidr.parse("11.0.16.0/20"));

        assertThat(planner.nextFreeBlock(allocated, Set.of(department("finance")))).contains(Cidr.parse("11.0.32.0/20"));
    }

    @Test
    void handsOutTheBlockOfADeletedVpcAgain() {
        List<Cidr> stillHeld = List.of(Cidr.parse("11.0.48.0/20"));

        assertThat(planner.nextFreeBlock(stillHeld, Set.of())).contains(Cidr.parse("11.0.32.0/20"));
    }

    @Test
    void reportsAFullAddressSpace() {
        AddressSpacePlanner small = new AddressSpacePlanner(Cidr.parse("11.0.0.0/19"), List.of());

        assertThat(small.nextFreeBlock(small.space().split(20), Set.of())).isEmpty();
    }

    @Test
    void rejectsOverlappingOrOutsideOrTooSmallReservedRanges() {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressSpacePlanner.of(List.of(
                        new ReservedRange(Cidr.parse("11.0.0.0/16"), department("a")),
                        new ReservedRange(Cidr.parse("11.0.16.0/20"), purpose("b")))))
                .withMessageContaining("overlap");
        assertThatIllegalArgumentException().isThrownBy(() -> AddressSpacePlanner.of(List.of(
                        new ReservedRange(Cidr.parse("12.0.0.0/16"), department("a")))))
                .withMessageContaining("outside");
        assertThatIllegalArgumentException().isThrownBy(() -> AddressSpacePlanner.of(List.of(
                        new ReservedRange(Cidr.parse("11.0.0.0/22"), department("a")))))
                .withMessageContaining("smaller than a VPC block");
    }

    @Test
    void rejectsAnAllocatedBlockThatIsNotAVpcBlock() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> planner.nextFreeBlock(List.of(Cidr.parse("11.0.0.0/22")), Set.of()));
    }
}
