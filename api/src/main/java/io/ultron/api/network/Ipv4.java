package io.ultron.api.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An IPv4 address, held as its unsigned 32-bit value in a {@code long}.
 *
 * <p>Ordered by numeric value, so {@code 11.0.0.9 < 11.0.0.10}.
 */
public record Ipv4(long value) implements Comparable<Ipv4> {

    public static final long MAX_VALUE = 0xFFFF_FFFFL;

    public Ipv4 {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("IPv4 value out of range 0.." + MAX_VALUE + ": " + value);
        }
    }

    /**
     * Parses dotted-quad notation strictly: four decimal octets 0..255, no signs, no spaces,
     * no leading zeros (so "011" is never read as octal by one tool and decimal by another).
     */
    @JsonCreator
    public static Ipv4 parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IPv4 address must not be null");
        }
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("IPv4 address must have four dot-separated octets: '" + text + "'");
        }
        long value = 0;
        for (String octet : octets) {
            value = (value << 8) | parseOctet(octet, text);
        }
        return new Ipv4(value);
    }

    private static int parseOctet(String octet, String text) {
        if (octet.isEmpty() || octet.length() > 3) {
            throw new IllegalArgumentException("IPv4 octet must have 1 to 3 digits in '" + text + "': '" + octet + "'");
        }
        for (int i = 0; i < octet.length(); i++) {
            char c = octet.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("IPv4 octet must be decimal digits in '" + text + "': '" + octet + "'");
            }
        }
        if (octet.length() > 1 && octet.charAt(0) == '0') {
            throw new IllegalArgumentException("IPv4 octet must not have leading zeros in '" + text + "': '" + octet + "'");
        }
        int value = Integer.parseInt(octet);
        if (value > 255) {
            throw new IllegalArgumentException("IPv4 octet must be at most 255 in '" + text + "': '" + octet + "'");
        }
        return value;
    }

    /** The address {@code offset} positions further (negative offsets go back). */
    public Ipv4 plus(long offset) {
        long result = value + offset;
        if (result < 0 || result > MAX_VALUE) {
            throw new IllegalArgumentException("IPv4 address " + this + " plus " + offset + " leaves the address space");
        }
        return new Ipv4(result);
    }

    /** The next address; 255.255.255.255 has none. */
    public Ipv4 next() {
        return plus(1);
    }

    @Override
    public int compareTo(Ipv4 other) {
        return Long.compare(value, other.value);
    }

    public boolean isBefore(Ipv4 other) {
        return value < other.value;
    }

    /** Also the JSON form (and map-key form) of the value, e.g. in aggregate snapshots. */
    @JsonValue
    @Override
    public String toString() {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
