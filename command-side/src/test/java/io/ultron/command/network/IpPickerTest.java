package io.ultron.command.network;

import static io.ultron.command.network.NetworkMother.SUBNET_A;
import static io.ultron.command.network.NetworkMother.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ultron.api.network.Ipv4;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpPickerTest {

    @Test
    void allocatesLowestFreeAddressInTheClustersSlice() {
        SubnetOccupancy subnet = new SubnetOccupancy(plan(SUBNET_A, Map.of(2, "az1", 5, "az2")),
                Set.of(Ipv4.parse("11.0.1.0"), Ipv4.parse("11.0.1.2")));

        assertThat(IpPicker.lowestFree(subnet, "az1")).contains(Ipv4.parse("11.0.1.1"));
        assertThat(IpPicker.lowestFree(subnet, "az2")).contains(Ipv4.parse("11.0.2.128"));
    }

    @Test
    void skipsTheNetworkAndGatewayAddressesOfTheSubnet() {
        SubnetOccupancy subnet = SubnetOccupancy.empty(plan(SUBNET_A, Map.of(0, "az0")));

        assertThat(IpPicker.lowestFree(subnet, "az0")).contains(Ipv4.parse("11.0.0.2"));
    }

    @Test
    void neverHandsOutTheBroadcastAddress() {
        SlicePlan plan = plan(SUBNET_A, Map.of(7, "az0"));
        SubnetOccupancy subnet = SubnetOccupancy.empty(plan);
        for (int i = 0; i < 127; i++) {
            subnet = subnet.withUsed(IpPicker.lowestFree(subnet, "az0").orElseThrow());
        }

        assertThat(subnet.used()).doesNotContain(Ipv4.parse("11.0.3.255"));
        assertThat(IpPicker.lowestFree(subnet, "az0")).isEmpty();
    }

    @Test
    void findsNothingForAClusterWithoutSlices() {
        assertThat(IpPicker.lowestFree(SubnetOccupancy.empty(plan(SUBNET_A, Map.of(1, "az0"))), "az9")).isEmpty();
    }

    @Test
    void refusesAnAddressUsedInASpareSlice() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SubnetOccupancy(plan(SUBNET_A, Map.of(1, "az0")), Set.of(Ipv4.parse("11.0.1.5"))))
                .withMessageContaining("spare");
    }
}
