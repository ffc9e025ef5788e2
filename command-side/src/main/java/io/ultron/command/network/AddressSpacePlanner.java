package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out VPC blocks (/20) from the address space (11.0.0.0/8), never twice.
 *
 * <p>Rules:
 * <ul>
 *   <li>Blocks are handed out lowest address first; a returned block (deleted, empty VPC) is
 *       simply absent from {@code allocated} and is therefore handed out again.</li>
 *   <li>A block inside a reserved range goes only to a VPC whose department or purpose is the
 *       range's holder; every other VPC skips it.</li>
 *   <li>A VPC entitled to reserved ranges gets the lowest free block of its reserved ranges first,
 *       and falls back to the common (unreserved) pool only when they are full.</li>
 *   <li>Reserved ranges must lie inside the address space, be whole blocks or larger (prefix at
 *       most 20) and not overlap one another; the constructor rejects any other configuration.</li>
 * </ul>
 */
public final class AddressSpacePlanner {

    public static final Cidr ADDRESS_SPACE = Cidr.parse("11.0.0.0/8");
    public static final int VPC_PREFIX = 20;

    private final Cidr space;
    private final List<ReservedRange> reserved;

    public AddressSpacePlanner(Cidr space, List<ReservedRange> reserved) {
        if (space == null || space.prefix() > VPC_PREFIX) {
            throw new IllegalArgumentException("the address space must be a /" + VPC_PREFIX + " or larger: " + space);
        }
        this.space = space;
        this.reserved = List.copyOf(reserved);
        for (int i = 0; i < this.reserved.size(); i++) {
            Cidr range = this.reserved.get(i).range();
            if (!space.contains(range)) {
                throw new IllegalArgumentException("reserved range " + range + " lies outside the address space " + space);
            }
            if (range.prefix() > VPC_PREFIX) {
                throw new IllegalArgumentException("reserved range " + range + " is smaller than a VPC block (/"
                        + VPC_PREFIX + "); reserve whole blocks");
            }
            for (int j = 0; j < i; j++) {
                if (range.overlaps(this.reserved.get(j).range())) {
                    throw new IllegalArgumentException("reserved ranges " + this.reserved.get(j).range() + " and "
                            + range + " overlap");
                }
            }
        }
    }

    /** The planner over 11.0.0.0/8. */
    public static AddressSpacePlanner of(List<ReservedRange> reserved) {
        return new AddressSpacePlanner(ADDRESS_SPACE, reserved);
    }

    public Cidr space() {
        return space;
    }

    public List<ReservedRange> reservedRanges() {
        return reserved;
    }

    /**
     * The next block for a VPC of the given department and purpose, or empty when no block is
     * left for it.
     *
     * @param allocated blocks currently held by VPCs (each a /20 of the space)
     * @param requester the VPC's department and purpose as reservation holders (may be empty)
     */
    public Optional<Cidr> nextFreeBlock(Collection<Cidr> allocated, Set<ReservationHolder> requester) {
        Set<Cidr> taken = new HashSet<>();
        for (Cidr block : allocated) {
            if (block.prefix() != VPC_PREFIX || !space.contains(block)) {
                throw new IllegalArgumentException("allocated block " + block + " is not a /" + VPC_PREFIX + " of " + space);
            }
            taken.add(block);
        }
        for (ReservedRange range : reserved) {
            if (requester.contains(range.holder())) {
                Optional<Cidr> block = lowestFree(range.range(), taken, false);
                if (block.isPresent()) {
                    return block;
                }
            }
        }
        return lowestFree(space, taken, true);
    }

    private Optional<Cidr> lowestFree(Cidr range, Set<Cidr> taken, boolean commonPoolOnly) {
        int count = 1 << (VPC_PREFIX - range.prefix());
        for (int i = 0; i < count; i++) {
            Cidr block = range.subnet(VPC_PREFIX, i);
            if (!taken.contains(block) && (!commonPoolOnly || reservationOf(block).isEmpty())) {
                return Optional.of(block);
            }
        }
        return Optional.empty();
    }

    /** The holder a block is reserved for, or empty for a block of the common pool. */
    public Optional<ReservationHolder> reservationOf(Cidr block) {
        return reserved.stream().filter(r -> r.range().overlaps(block)).map(ReservedRange::holder).findFirst();
    }

    /** Whether the block may be handed to a VPC of the given department and purpose. */
    public boolean mayHand(Cidr block, Set<ReservationHolder> requester) {
        return reservationOf(block).map(requester::contains).orElse(true);
    }
}
