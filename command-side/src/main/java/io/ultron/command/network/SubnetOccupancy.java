package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.Collection;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A subnet's slice plan with the addresses in use (by whichever cluster holds their slice or lent half).
 *
 * <p>Invariant, checked on construction: every used address lies in an owned slice of the /22
 * and is none of network, gateway and broadcast.
 */
public record SubnetOccupancy(SlicePlan plan, Set<Ipv4> used) {

    public SubnetOccupancy {
        if (plan == null) {
            throw new IllegalArgumentException("a subnet occupancy needs a slice plan");
        }
        used = Set.copyOf(used);
        for (Ipv4 address : used) {
            OptionalInt slice = plan.sliceOf(address);
            if (slice.isEmpty()) {
                throw new IllegalArgumentException(address + " is used but lies outside " + plan.subnet());
            }
            if (plan.isReserved(address)) {
                throw new IllegalArgumentException(address + " is the network, gateway or broadcast address of "
                        + plan.subnet() + " and cannot be used");
            }
            if (plan.isSpare(slice.getAsInt())) {
                throw new IllegalArgumentException(address + " is used but slice " + slice.getAsInt() + " of "
                        + plan.subnet() + " is spare");
            }
        }
    }

    public static SubnetOccupancy empty(SlicePlan plan) {
        return new SubnetOccupancy(plan, Set.of());
    }

    public Cidr subnet() {
        return plan.subnet();
    }

    /** Addresses in use in slice {@code index}. */
    public int usedIn(int index) {
        Cidr slice = plan.slice(index);
        return (int) used.stream().filter(slice::contains).count();
    }

    /** Allocatable addresses still free in the slices of {@code cluster}. */
    public int freeOf(String cluster) {
        return freeOf(plan, used, cluster);
    }

    /**
     * Allocatable addresses of {@code cluster} under {@code plan} not in {@code used}; for the allocation path,
     * which checks this on every allocation and need not copy and check every address in use first.
     */
    public static int freeOf(SlicePlan plan, Collection<Ipv4> used, String cluster) {
        int usedByCluster = 0;
        for (Ipv4 address : used) {
            if (plan.holderOf(address).filter(cluster::equals).isPresent()) {
                usedByCluster++;
            }
        }
        return plan.usableAddressesOf(cluster) - usedByCluster;
    }

    /** Addresses in use in the /26 half {@code halfIndex}. */
    public int usedInHalf(int halfIndex) {
        Cidr half = plan.half(halfIndex);
        return (int) used.stream().filter(half::contains).count();
    }

    /** This occupancy with {@code address} in use. */
    public SubnetOccupancy withUsed(Ipv4 address) {
        if (used.contains(address)) {
            throw new IllegalArgumentException(address + " is already in use in " + plan.subnet());
        }
        Set<Ipv4> next = new HashSet<>(used);
        next.add(address);
        return new SubnetOccupancy(plan, next);
    }

    /** This occupancy under a new plan of the same subnet (e.g. after a spare slice was assigned). */
    public SubnetOccupancy withPlan(SlicePlan next) {
        if (!next.subnet().equals(plan.subnet())) {
            throw new IllegalArgumentException("plan of " + next.subnet() + " does not fit " + plan.subnet());
        }
        return new SubnetOccupancy(next, used);
    }
}
