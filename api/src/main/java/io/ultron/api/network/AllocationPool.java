package io.ultron.api.network;

/**
 * A Neutron allocation pool: the addresses from {@code first} to {@code last}, both included. Events and views carry
 * it as text, {@code "11.0.0.2-11.0.0.126"} (see {@link #toString} and {@link #parse}).
 */
public record AllocationPool(Ipv4 first, Ipv4 last) {

    public AllocationPool {
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("pool starts after it ends: " + first + "-" + last);
        }
    }

    public static AllocationPool parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("not a pool (first-last): " + text);
        }
        return new AllocationPool(Ipv4.parse(text.substring(0, dash)), Ipv4.parse(text.substring(dash + 1)));
    }

    /** How many addresses the pool holds. */
    public int size() {
        return (int) (last.value() - first.value() + 1);
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
