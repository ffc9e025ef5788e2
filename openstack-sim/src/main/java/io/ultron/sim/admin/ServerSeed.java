package io.ultron.sim.admin;

/**
 * What {@link SimulatorAdmin#seedServers} creates: {@code count} ACTIVE servers named {@code <prefix>-<n>},
 * with a port each when a network or subnet is named.
 *
 * @param count     1 to {@link #MAX_COUNT}
 * @param prefix    name prefix; null or blank for "seeded"
 * @param networkId null, or the network whose first subnet gives the addresses
 * @param subnetId  null, or the subnet that gives the addresses (on {@code networkId} when both are named)
 */
public record ServerSeed(int count, String prefix, String networkId, String subnetId) {

    /** Per call, so that a slip of the finger cannot fill the heap. */
    public static final int MAX_COUNT = 10_000;

    public ServerSeed {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_COUNT + ", not " + count);
        }
        if (prefix == null || prefix.isBlank()) {
            prefix = "seeded";
        }
    }

    /** Servers without ports. */
    public static ServerSeed of(int count, String prefix) {
        return new ServerSeed(count, prefix, null, null);
    }

    /** The same servers, each with a port with an address from the subnet's pools. */
    public ServerSeed onSubnet(String subnet) {
        return new ServerSeed(count, prefix, networkId, subnet);
    }
}
