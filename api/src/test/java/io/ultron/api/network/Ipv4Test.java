package io.ultron.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

    @Test
    void parsesAndPrintsDottedQuad() {
        assertThat(Ipv4.parse("11.0.0.5").value()).isEqualTo((11L << 24) + 5);
        assertThat(Ipv4.parse("255.255.255.255").toString()).isEqualTo("255.255.255.255");
        assertThat(Ipv4.parse("0.0.0.0").value()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11.0.0", "11.0.0.0.1", "11.0.0.256", "11.0.0.-1", "11.0.0.05", "11..0.1",
            "11.0.0.1 ", "a.b.c.d", "11.0.0.+1", "1111.0.0.1"})
    void rejectsMalformedAddressesWithAClearMessage(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Ipv4.parse(text)).withMessageContaining("IPv4");
    }

    @Test
    void nextCarriesIntoTheHigherOctet() {
        assertThat(Ipv4.parse("11.0.0.255").next()).isEqualTo(Ipv4.parse("11.0.1.0"));
        assertThatIllegalArgumentException().isThrownBy(() -> Ipv4.parse("255.255.255.255").next());
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(Ipv4.parse("11.0.0.9")).isLessThan(Ipv4.parse("11.0.0.10"));
        assertThat(Ipv4.parse("200.0.0.0")).isGreaterThan(Ipv4.parse("11.255.255.255"));
    }
}
