package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the address to hand out: the lowest free address of the halves the cluster holds (its slices
 * minus the halves it lent out, plus the halves it borrowed), never the network, gateway or broadcast
 * address of the /22. Lowest first keeps the upper half of a cluster's last slice free longest, so that
 * it can still be lent when another cluster runs out.
 */
public final class IpPicker {

    private IpPicker() {
    }

    /** The lowest free address of {@code cluster} in this subnet, or empty when its slices are full. */
    public static Optional<Ipv4> lowestFree(SubnetOccupancy subnet, String cluster) {
        return lowestFreeIn(subnet, cluster, subnet.plan().halvesOf(cluster));
    }

    /**
     * The lowest free address of {@code cluster} among the halves it holds that are also in {@code allowed}
     * (e.g. those Neutron already has), or empty.
     */
    public static Optional<Ipv4> lowestFreeIn(SubnetOccupancy subnet, String cluster, Collection<Integer> allowed) {
        return lowestFreeIn(subnet.plan(), subnet.used(), cluster, allowed);
    }

    /**
     * The same pick straight from a plan and the addresses in use, for the allocation path: it runs once per
     * allocation, and building a checked {@link SubnetOccupancy} would cost a copy of every address in use.
     */
    public static Optional<Ipv4> lowestFreeIn(SlicePlan plan, Set<Ipv4> used, String cluster, Collection<Integer> allowed) {
        for (int index : plan.halvesOf(cluster)) {
            if (!allowed.contains(index)) {
                continue;
            }
            Cidr half = plan.half(index);
            for (long offset = 0; offset < half.size(); offset++) {
                Ipv4 candidate = half.address(offset);
                if (!plan.isReserved(candidate) && !used.contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
