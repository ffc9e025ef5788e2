package io.ultron.sim.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4Test {

    @Test
    void parsesAndFormatsDottedQuads() {
        assertThat(Ipv4.format(Ipv4.parse("11.0.3.255"))).isEqualTo("11.0.3.255");
        assertThat(Ipv4.parse("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
        assertThat(Ipv4.parse("11.0.0.256")).isEqualTo(-1);
        assertThat(Ipv4.parse("11.0.0")).isEqualTo(-1);
        assertThat(Ipv4.parse("11.0.0.x")).isEqualTo(-1);
    }

    @Test
    void refusesCidrsWithHostBitsSet() {
        assertThat(Ipv4.Cidr.parse("11.0.0.0/22")).hasToString("11.0.0.0/22");
        assertThat(Ipv4.Cidr.parse("11.0.1.0/22")).isNull();
        assertThat(Ipv4.Cidr.parse("11.0.0.0/33")).isNull();
        assertThat(Ipv4.Cidr.parse("11.0.0.0")).isNull();
    }

    @Test
    void neverCountsNetworkOrBroadcastAsUsableHosts() {
        Ipv4.Cidr cidr = Ipv4.Cidr.parse("11.0.0.0/22");

        assertThat(cidr.broadcast()).isEqualTo(Ipv4.parse("11.0.3.255"));
        assertThat(cidr.isUsableHost(Ipv4.parse("11.0.0.0"))).isFalse();
        assertThat(cidr.isUsableHost(Ipv4.parse("11.0.3.255"))).isFalse();
        assertThat(cidr.isUsableHost(Ipv4.parse("11.0.2.17"))).isTrue();
        assertThat(cidr.isUsableHost(Ipv4.parse("11.0.4.1"))).isFalse();
    }

    @Test
    void detectsOverlappingBlocks() {
        assertThat(Ipv4.Cidr.parse("11.0.0.0/22").overlaps(Ipv4.Cidr.parse("11.0.2.0/25"))).isTrue();
        assertThat(Ipv4.Cidr.parse("11.0.0.0/22").overlaps(Ipv4.Cidr.parse("11.0.4.0/22"))).isFalse();
    }
}
