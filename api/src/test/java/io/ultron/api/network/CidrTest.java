package io.ultron.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void rejectsHostBitsAndNamesTheNetworkMeant() {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("11.0.0.5/20"))
                .withMessageContaining("host bits set").withMessageContaining("11.0.0.0/20");
    }

    @ParameterizedTest
    @ValueSource(strings = {"11.0.0.0", "11.0.0.0/", "11.0.0.0/33", "11.0.0.0/-1", "11.0.0.0/08", "11.0.0.0/2/0",
            "11.0.0/8", "11.0.0.0/ 8"})
    void rejectsBadSyntax(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text));
    }

    @Test
    void knowsItsBoundsAndSize() {
        Cidr subnet = Cidr.parse("11.0.4.0/22");
        assertThat(subnet.size()).isEqualTo(1024);
        assertThat(subnet.first()).isEqualTo(Ipv4.parse("11.0.4.0"));
        assertThat(subnet.broadcast()).isEqualTo(Ipv4.parse("11.0.7.255"));
        assertThat(subnet.toString()).isEqualTo("11.0.4.0/22");
        assertThat(Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
    }

    @Test
    void containsAddressesAndNetworks() {
        Cidr vpc = Cidr.parse("11.0.0.0/20");
        assertThat(vpc.contains(Ipv4.parse("11.0.15.255"))).isTrue();
        assertThat(vpc.contains(Ipv4.parse("11.0.16.0"))).isFalse();
        assertThat(vpc.contains(Cidr.parse("11.0.4.0/22"))).isTrue();
        assertThat(Cidr.parse("11.0.4.0/22").contains(vpc)).isFalse();
        assertThat(vpc.overlaps(Cidr.parse("11.0.0.0/8"))).isTrue();
        assertThat(vpc.overlaps(Cidr.parse("11.0.16.0/20"))).isFalse();
    }

    @Test
    void splitsIntoAlignedParts() {
        assertThat(Cidr.parse("11.0.0.0/22").split(25)).hasSize(8)
                .startsWith(Cidr.parse("11.0.0.0/25"), Cidr.parse("11.0.0.128/25"))
                .endsWith(Cidr.parse("11.0.3.128/25"));
        assertThat(Cidr.parse("11.0.0.0/20").split(20)).containsExactly(Cidr.parse("11.0.0.0/20"));
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("11.0.0.0/22").split(21));
    }
}
