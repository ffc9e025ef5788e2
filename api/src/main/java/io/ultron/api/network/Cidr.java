package io.ultron.api.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 network in CIDR notation: its network address and prefix length.
 *
 * <p>Strict: the network address must have no host bits set, so "11.0.0.5/20" is rejected
 * rather than silently read as 11.0.0.0/20.
 */
public record Cidr(Ipv4 network, int prefix) implements Comparable<Cidr> {

    public Cidr {
        if (network == null) {
            throw new IllegalArgumentException("CIDR network address must not be null");
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("CIDR prefix must be 0..32: " + prefix);
        }
        if ((network.value() & hostMask(prefix)) != 0) {
            throw new IllegalArgumentException("CIDR " + network + "/" + prefix + " has host bits set; the network is "
                    + new Ipv4(network.value() & ~hostMask(prefix) & Ipv4.MAX_VALUE) + "/" + prefix);
        }
    }

    /** Parses "a.b.c.d/p" strictly (see {@link Ipv4#parse} and the host-bits rule). */
    @JsonCreator
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CIDR must not be null");
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException("CIDR must have the form a.b.c.d/prefix: '" + text + "'");
        }
        String prefixText = text.substring(slash + 1);
        if (prefixText.isEmpty() || prefixText.length() > 2 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')
                || (prefixText.length() == 2 && prefixText.charAt(0) == '0')) {
            throw new IllegalArgumentException("CIDR prefix must be a decimal number 0..32 in '" + text + "'");
        }
        return new Cidr(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(prefixText));
    }

    private static long hostMask(int prefix) {
        return prefix == 0 ? Ipv4.MAX_VALUE : (1L << (32 - prefix)) - 1;
    }

    /** Number of addresses, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefix);
    }

    public Ipv4 first() {
        return network;
    }

    public Ipv4 last() {
        return new Ipv4(network.value() + size() - 1);
    }

    /** The broadcast address: the last address of the network. */
    public Ipv4 broadcast() {
        return last();
    }

    public boolean contains(Ipv4 address) {
        return address.value() >= network.value() && address.value() <= last().value();
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.network);
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network) || other.contains(network);
    }

    /** The {@code index}-th address of this network (0 is the network address). */
    public Ipv4 address(long index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("address index " + index + " outside " + this + " (size " + size() + ")");
        }
        return network.plus(index);
    }

    /** The position of {@code address} inside this network (0 is the network address). */
    public long indexOf(Ipv4 address) {
        if (!contains(address)) {
            throw new IllegalArgumentException(address + " is not inside " + this);
        }
        return address.value() - network.value();
    }

    /** The {@code index}-th subnetwork of length {@code subPrefix}, in address order. */
    public Cidr subnet(int subPrefix, int index) {
        checkSubPrefix(subPrefix);
        long count = 1L << (subPrefix - prefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(this + " has " + count + " /" + subPrefix + " subnetworks; no index " + index);
        }
        return new Cidr(network.plus(index * (1L << (32 - subPrefix))), subPrefix);
    }

    /** All subnetworks of length {@code subPrefix}, in address order. */
    public List<Cidr> split(int subPrefix) {
        checkSubPrefix(subPrefix);
        long count = 1L << (subPrefix - prefix);
        if (count > 1 << 20) {
            throw new IllegalArgumentException("splitting " + this + " into /" + subPrefix + " gives " + count
                    + " networks; use subnet(prefix, index) instead");
        }
        List<Cidr> parts = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            parts.add(subnet(subPrefix, i));
        }
        return List.copyOf(parts);
    }

    private void checkSubPrefix(int subPrefix) {
        if (subPrefix < prefix || subPrefix > 32) {
            throw new IllegalArgumentException("cannot split " + this + " into /" + subPrefix
                    + ": the prefix must be " + prefix + "..32");
        }
    }

    @Override
    public int compareTo(Cidr other) {
        int byNetwork = network.compareTo(other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefix, other.prefix);
    }

    /** Also the JSON form (and map-key form) of the value, e.g. in aggregate snapshots. */
    @JsonValue
    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
