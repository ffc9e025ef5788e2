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
 * order), each owned by one cluster or spare.
 *
 * <p>The network address and the gateway (first host) fall in slice 0 and the broadcast address in
 * slice 7; they are never handed out, so slice 0 holds 126 allocatable addresses, slice 7 holds
 * 127 and the others 128.
 *
 * @param subnet the /22
 * @param owners owning cluster by slice index; a slice absent from the map is spare
 */
public record SlicePlan(Cidr subnet, SortedMap<Integer, String> owners) {

    public static final int SUBNET_PREFIX = 22;
    public static final int SLICE_PREFIX = 25;
    public static final int SLICES = 8;
    public static final int SLICE_SIZE = 128;
    /** Allocatable addresses of a /22: 1,024 minus network, gateway and broadcast. */
    public static final int USABLE_ADDRESSES = SLICES * SLICE_SIZE - 3;

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

    /** The clusters owning at least one slice. */
    public SortedSet<String> clusters() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(owners.values()));
    }

    /** This plan with the spare slice {@code index} given to {@code cluster}. */
    public SlicePlan assign(int index, String cluster) {
        if (!isSpare(index)) {
            throw new IllegalArgumentException("slice " + index + " of " + subnet + " is owned by "
                    + owners.get(index) + ", not spare");
        }
        TreeMap<Integer, String> next = new TreeMap<>(owners);
        next.put(index, cluster);
        return new SlicePlan(subnet, next);
    }

    /** This plan with slice {@code index} spare again (the caller checks that it holds no address). */
    public SlicePlan release(int index) {
        checkIndex(index);
        TreeMap<Integer, String> next = new TreeMap<>(owners);
        next.remove(index);
        return new SlicePlan(subnet, next);
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

    /** Allocatable addresses of all slices of {@code cluster}. */
    public int usableAddressesOf(String cluster) {
        return slicesOf(cluster).stream().mapToInt(SlicePlan::usableAddresses).sum();
    }
}
