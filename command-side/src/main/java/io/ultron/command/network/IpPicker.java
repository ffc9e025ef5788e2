package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.Optional;

/**
 * Picks the address to hand out: the lowest free address of the cluster's slices, never the
 * network, gateway or broadcast address of the /22.
 */
public final class IpPicker {

    private IpPicker() {
    }

    /** The lowest free address of {@code cluster} in this subnet, or empty when its slices are full. */
    public static Optional<Ipv4> lowestFree(SubnetOccupancy subnet, String cluster) {
        SlicePlan plan = subnet.plan();
        for (int index : plan.slicesOf(cluster)) {
            Cidr slice = plan.slice(index);
            for (long offset = 0; offset < slice.size(); offset++) {
                Ipv4 candidate = slice.address(offset);
                if (!plan.isReserved(candidate) && !subnet.used().contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
