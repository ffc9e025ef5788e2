package io.ultron.command.network;

import static io.ultron.command.network.NetworkMother.SUBNET_A;
import static io.ultron.command.network.NetworkMother.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlicePlanLoanTest {

    private final SlicePlan lent = plan(SUBNET_A, Map.of(0, "az0", 7, "az1")).lend(SlicePlan.halfIndex(7, 1), "az0");

    @Test
    void aLentHalfIsHeldByItsBorrowerAndNoLongerByItsOwner() {
        assertThat(lent.holderOf(Ipv4.parse("11.0.3.200"))).contains("az0");
        assertThat(lent.holderOf(Ipv4.parse("11.0.3.130"))).contains("az1");
        assertThat(lent.ownerOf(7)).contains("az1");
        assertThat(lent.halvesOf("az0")).containsExactly(0, 1, 15);
        assertThat(lent.halvesOf("az1")).containsExactly(14);
        assertThat(lent.blocksOf("az0")).containsExactly(Cidr.parse("11.0.0.0/25"), Cidr.parse("11.0.3.192/26"));
        assertThat(lent.blocksOf("az1")).containsExactly(Cidr.parse("11.0.3.128/26"));
    }

    @Test
    void countsUsableAddressesByHolderKeepingTheBroadcastOut() {
        assertThat(lent.usableAddressesOf("az0")).isEqualTo(126 + 63);
        assertThat(lent.usableAddressesOf("az1")).isEqualTo(64);
        assertThat(SubnetState.poolsFor(lent, "az0")).containsExactly("11.0.0.2-11.0.0.127", "11.0.3.192-11.0.3.254");
        assertThat(SubnetState.poolsFor(lent, "az1")).containsExactly("11.0.3.128-11.0.3.191");
    }

    @Test
    void thePickerHandsOutABorrowedHalfToItsBorrowerOnly() {
        SubnetOccupancy az0Full = NetworkMother.full(plan(SUBNET_A, Map.of(0, "az0", 7, "az1")));
        SubnetOccupancy onlyLowerHalfOfAz1Used = new SubnetOccupancy(lent, az0Full.used().stream()
                .filter(ip -> lent.holderOf(ip).orElseThrow().equals("az0") || ip.compareTo(Ipv4.parse("11.0.3.192")) < 0)
                .filter(ip -> !Cidr.parse("11.0.3.192/26").contains(ip))
                .collect(java.util.stream.Collectors.toSet()));

        assertThat(IpPicker.lowestFree(onlyLowerHalfOfAz1Used, "az0")).contains(Ipv4.parse("11.0.3.192"));
        assertThat(IpPicker.lowestFree(onlyLowerHalfOfAz1Used, "az1")).isEmpty();
        assertThat(onlyLowerHalfOfAz1Used.freeOf("az0")).isEqualTo(63);
    }

    @Test
    void refusesToLendASpareSliceAHalfTwiceOrToItsOwner() {
        assertThatIllegalArgumentException().isThrownBy(() -> lent.lend(SlicePlan.halfIndex(3, 1), "az0"))
                .withMessageContaining("spare");
        assertThatIllegalArgumentException().isThrownBy(() -> lent.lend(SlicePlan.halfIndex(7, 1), "az2"))
                .withMessageContaining("already lent");
        assertThatIllegalArgumentException().isThrownBy(() -> lent.lend(SlicePlan.halfIndex(0, 1), "az0"))
                .withMessageContaining("not to another cluster");
        assertThatIllegalArgumentException().isThrownBy(() -> lent.release(7)).withMessageContaining("lent half");
        assertThat(lent.clusters()).containsExactly("az0", "az1");
        assertThat(lent.lentOutBy("az1")).isEqualTo(List.of(15));
        assertThat(lent.borrowedBy("az0")).isEqualTo(List.of(15));
    }
}
