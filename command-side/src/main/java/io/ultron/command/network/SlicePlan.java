package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who owns which slice of a subnet: a /22 cut into eight /25 slices (index 0..7 in address
 * order), each owned by one cluster or spare; a /26 half of an owned slice may be lent to
 * another cluster (the last resort before the VPC is exhausted, see {@link ExhaustionPolicy}).
 *
 * <p>Every /26 half (index 0..15 in address order: slice {@code s} holds halves {@code 2s} and
 * {@code 2s+1}) has exactly one holder: its borrower when it is lent, else its slice's owner, else
 * none (spare). A cluster hands out addresses of exactly the halves it holds.
 *
 * <p>The network address and the gateway (first host) fall in slice 0 and the broadcast address in
 * slice 7; they are never handed out, so slice 0 holds 126 allocatable addresses, slice 7 holds
 * 127 and the others 128.
 *
 * @param subnet     the /22
 * @param owners     owning cluster by slice index; a slice absent from the map is spare
 * @param lentHalves borrowing cluster by half index; only halves of owned slices, never to their owner
 */
public record SlicePlan(Cidr subnet, SortedMap<Integer, String> owners, SortedMap<Integer, String> lentHalves) {

    public static final int SUBNET_PREFIX = 22;
    public static final int SLICE_PREFIX = 25;
    public static final int SLICES = 8;
    public static final int SLICE_SIZE = 128;
    /** Allocatable addresses of a /22: 1,024 minus network, gateway and broadcast. */
    public static final int USABLE_ADDRESSES = SLICES * SLICE_SIZE - 3;
    public static final int HALF_PREFIX = 26;
    public static final int HALVES = 2 * SLICES;
    public static final int HALF_SIZE = SLICE_SIZE / 2;

    /** A plan without loans. */
    public SlicePlan(Cidr subnet, SortedMap<Integer, String> owners) {
        this(subnet, owners, new TreeMap<>());
    }

    public SlicePlan {
        if (subnet == null || subnet.prefix() != SUBNET_PREFIX) {
            throw new IllegalArgumentException("a slice plan covers a /" + SUBNET_PREFIX + ", not " + subnet);
        }
        TreeMap<Integer, String> copy = new TreeMap<>();
        for (Map.Entry<Integer, String> owner : owners.entrySet()) {
            checkIndex(owner.getKey());
            if (owner.getValue() == null || owner.getValue().isBlank()) {
                throw new IllegalArgumentException("slice " + owner.getKey() + " of " + subnet + " has a blank owner");
            }
            copy.put(owner.getKey(), owner.getValue());
        }
        owners = Collections.unmodifiableSortedMap(copy);
        TreeMap<Integer, String> lent = new TreeMap<>();
        for (Map.Entry<Integer, String> loan : (lentHalves == null ? new TreeMap<Integer, String>() : lentHalves).entrySet()) {
            int half = loan.getKey();
            if (half < 0 || half >= HALVES) {
                throw new IllegalArgumentException("half index must be 0.." + (HALVES - 1) + ": " + half);
            }
            String lender = owners.get(sliceOfHalf(half));
            if (lender == null) {
                throw new IllegalArgumentException("half " + half + " of " + subnet + " is lent but slice "
                        + sliceOfHalf(half) + " is spare");
            }
            if (loan.getValue() == null || loan.getValue().isBlank() || loan.getValue().equals(lender)) {
                throw new IllegalArgumentException("half " + half + " of " + subnet + " is lent to '" + loan.getValue()
                        + "', not to another cluster than its owner " + lender);
            }
            lent.put(half, loan.getValue());
        }
        lentHalves = Collections.unmodifiableSortedMap(lent);
    }

    /** A plan with every slice spare. */
    public static SlicePlan allSpare(Cidr subnet) {
        return new SlicePlan(subnet, new TreeMap<>());
    }

    private static void checkIndex(int index) {
        if (index < 0 || index >= SLICES) {
            throw new IllegalArgumentException("slice index must be 0.." + (SLICES - 1) + ": " + index);
        }
    }

    /** The /25 of slice {@code index}. */
    public Cidr slice(int index) {
        checkIndex(index);
        return subnet.subnet(SLICE_PREFIX, index);
    }

    public Optional<String> ownerOf(int index) {
        checkIndex(index);
        return Optional.ofNullable(owners.get(index));
    }

    public boolean isSpare(int index) {
        return ownerOf(index).isEmpty();
    }

    /** The slices {@code cluster} owns, in address order. */
    public List<Integer> slicesOf(String cluster) {
        List<Integer> slices = new ArrayList<>();
        owners.forEach((index, owner) -> {
            if (owner.equals(cluster)) {
                slices.add(index);
            }
        });
        return List.copyOf(slices);
    }

    /** The spare slices, in address order. */
    public List<Integer> spareSlices() {
        List<Integer> spare = new ArrayList<>();
        for (int i = 0; i < SLICES; i++) {
            if (!owners.containsKey(i)) {
                spare.add(i);
            }
        }
        return List.copyOf(spare);
    }

    /** The clusters owning at least one slice or borrowing at least one half. */
    public SortedSet<String> clusters() {
        TreeSet<String> clusters = new TreeSet<>(owners.values());
        clusters.addAll(lentHalves.values());
        return Collections.unmodifiableSortedSet(clusters);
    }

    // ---- /26 halves and loans

    /** The half index of slice {@code slice}'s lower ({@code half} 0) or upper ({@code half} 1) /26. */
    public static int halfIndex(int slice, int half) {
        checkIndex(slice);
        if (half != 0 && half != 1) {
            throw new IllegalArgumentException("half must be 0 (lower) or 1 (upper): " + half);
        }
        return 2 * slice + half;
    }

    public static int sliceOfHalf(int halfIndex) {
        return halfIndex / 2;
    }

    /** The /26 of half {@code halfIndex}. */
    public Cidr half(int halfIndex) {
        checkIndex(sliceOfHalf(halfIndex));
        return subnet.subnet(HALF_PREFIX, halfIndex);
    }

    /** The cluster that hands out the addresses of half {@code halfIndex}: its borrower, else its slice's owner. */
    public Optional<String> holderOf(int halfIndex) {
        checkIndex(sliceOfHalf(halfIndex));
        String borrower = lentHalves.get(halfIndex);
        return borrower != null ? Optional.of(borrower) : ownerOf(sliceOfHalf(halfIndex));
    }

    /** The cluster that may hand out {@code address}, or empty when it is outside the /22 or spare. */
    public Optional<String> holderOf(Ipv4 address) {
        return subnet.contains(address) ? holderOf((int) (subnet.indexOf(address) / HALF_SIZE)) : Optional.empty();
    }

    /** The halves {@code cluster} hands out: of its slices those not lent, plus those it borrowed; in address order. */
    public List<Integer> halvesOf(String cluster) {
        List<Integer> halves = new ArrayList<>();
        for (int half = 0; half < HALVES; half++) {
            if (holderOf(half).filter(cluster::equals).isPresent()) {
                halves.add(half);
            }
        }
        return List.copyOf(halves);
    }

    /** The halves of {@code lender}'s slices lent to other clusters, in address order. */
    public List<Integer> lentOutBy(String lender) {
        return lentHalves.keySet().stream().filter(half -> lender.equals(owners.get(sliceOfHalf(half)))).toList();
    }

    /** The halves {@code borrower} borrowed, in address order. */
    public List<Integer> borrowedBy(String borrower) {
        return lentHalves.entrySet().stream().filter(e -> e.getValue().equals(borrower)).map(Map.Entry::getKey).toList();
    }

    /** This plan with half {@code halfIndex} of an owned slice, not lent yet, lent to {@code borrower}. */
    public SlicePlan lend(int halfIndex, String borrower) {
        if (isSpare(sliceOfHalf(halfIndex))) {
            throw new IllegalArgumentException("slice " + sliceOfHalf(halfIndex) + " of " + subnet + " is spare: nothing to lend");
        }
        if (lentHalves.containsKey(halfIndex)) {
            throw new IllegalArgumentException("half " + halfIndex + " of " + subnet + " is already lent to "
                    + lentHalves.get(halfIndex));
        }
        TreeMap<Integer, String> next = new TreeMap<>(lentHalves);
        next.put(halfIndex, borrower);
        return new SlicePlan(subnet, owners, next);
    }

    /** Allocatable addresses of half {@code halfIndex}: 62 (network and gateway), 63 (broadcast) or 64. */
    public static int usableAddressesOfHalf(int halfIndex) {
        checkIndex(sliceOfHalf(halfIndex));
        if (halfIndex == 0) {
            return HALF_SIZE - 2;
        }
        return halfIndex == HALVES - 1 ? HALF_SIZE - 1 : HALF_SIZE;
    }

    /**
     * The address blocks {@code cluster} hands out, in address order: each of its slices (a /25, or its
     * remaining /26 when a half is lent) and each half it borrowed (a /26).
     */
    public List<Cidr> blocksOf(String cluster) {
        List<Cidr> blocks = new ArrayList<>();
        for (int slice : slicesOf(cluster)) {
            boolean lower = !lentHalves.containsKey(halfIndex(slice, 0));
            boolean upper = !lentHalves.containsKey(halfIndex(slice, 1));
            if (lower && upper) {
                blocks.add(slice(slice));
            } else if (lower || upper) {
                blocks.add(half(halfIndex(slice, lower ? 0 : 1)));
            }
        }
        borrowedBy(cluster).forEach(half -> blocks.add(half(half)));
        blocks.sort(null);
        return List.copyOf(blocks);
    }

    /** This plan with the spare slice {@code index} given to {@code cluster}. */
    public SlicePlan assign(int index, String cluster) {
        if (!isSpare(index)) {
            throw new IllegalArgumentException("slice " + index + " of " + subnet + " is owned by "
                    + owners.get(index) + ", not spare");
        }
        TreeMap<Integer, String> next = new TreeMap<>(owners);
        next.put(index, cluster);
        return new SlicePlan(subnet, next, lentHalves);
    }

    /** This plan with slice {@code index} spare again (the caller checks that it holds no address and no loan). */
    public SlicePlan release(int index) {
        checkIndex(index);
        if (lentHalves.containsKey(halfIndex(index, 0)) || lentHalves.containsKey(halfIndex(index, 1))) {
            throw new IllegalArgumentException("slice " + index + " of " + subnet + " has a lent half and cannot be released");
        }
        TreeMap<Integer, String> next = new TreeMap<>(owners);
        next.remove(index);
        return new SlicePlan(subnet, next, lentHalves);
    }

    /** The index of the slice aligned with {@code index} in the same /24. */
    public static int alignedPartner(int index) {
        checkIndex(index);
        return index ^ 1;
    }

    public Ipv4 gateway() {
        return subnet.address(1);
    }

    /** Network, gateway or broadcast address of the /22: never handed out. */
    public boolean isReserved(Ipv4 address) {
        return address.equals(subnet.network()) || address.equals(gateway()) || address.equals(subnet.broadcast());
    }

    /** The slice holding {@code address}, or empty when it lies outside the /22. */
    public OptionalInt sliceOf(Ipv4 address) {
        return subnet.contains(address) ? OptionalInt.of((int) (subnet.indexOf(address) / SLICE_SIZE)) : OptionalInt.empty();
    }

    /** Allocatable addresses of slice {@code index}: 126, 128 or 127. */
    public static int usableAddresses(int index) {
        checkIndex(index);
        if (index == 0) {
            return SLICE_SIZE - 2;
        }
        return index == SLICES - 1 ? SLICE_SIZE - 1 : SLICE_SIZE;
    }

    /** Allocatable addresses {@code cluster} hands out: of its slices minus lent halves plus borrowed halves. */
    public int usableAddressesOf(String cluster) {
        return halvesOf(cluster).stream().mapToInt(SlicePlan::usableAddressesOfHalf).sum();
    }
}
