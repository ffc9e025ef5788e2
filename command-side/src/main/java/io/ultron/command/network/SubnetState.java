package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import io.ultron.api.network.SubnetId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One subnet inside the {@link Vpc} aggregate: its slice plan, which slices each cluster may already hand
 * out (Neutron has them), and who holds which address. Mutated only by the aggregate's event-sourcing handlers.
 */
final class SubnetState {

    final SubnetId id;
    final String idc;
    final Cidr cidr;
    SlicePlan plan;
    final Map<Ipv4, String> holders = new HashMap<>();
    final Map<Ipv4, String> clusterOf = new HashMap<>();
    /** Per cluster: the slices of each revision not yet confirmed by Neutron, by revision. */
    final Map<String, TreeMap<Integer, List<Integer>>> pendingRevisions = new HashMap<>();
    /** Per cluster: slices Neutron has, so their addresses may be handed out. */
    final Map<String, Set<Integer>> readySlices = new HashMap<>();
    final Map<String, Integer> revisions = new HashMap<>();

    SubnetState(SubnetId id, String idc, Cidr cidr) {
        this.id = id;
        this.idc = idc;
        this.cidr = cidr;
        this.plan = SlicePlan.allSpare(cidr);
    }

    int nextRevision(String cluster) {
        return revisions.getOrDefault(cluster, 0) + 1;
    }

    void slicesChanged(String cluster, List<Integer> slices, int revision) {
        SlicePlan next = plan;
        for (int index : plan.slicesOf(cluster)) {
            if (!slices.contains(index)) {
                next = next.release(index);
            }
        }
        for (int index : slices) {
            if (next.isSpare(index)) {
                next = next.assign(index, cluster);
            }
        }
        plan = next;
        revisions.put(cluster, revision);
        pendingRevisions.computeIfAbsent(cluster, c -> new TreeMap<>()).put(revision, List.copyOf(slices));
    }

    void slicesProvisioned(String cluster, int revision) {
        TreeMap<Integer, List<Integer>> pending = pendingRevisions.getOrDefault(cluster, new TreeMap<>());
        List<Integer> slices = pending.get(revision);
        if (slices == null) {
            return; // an older confirmation arriving late: a newer revision already covered it
        }
        readySlices.put(cluster, new TreeSet<>(slices));
        pending.headMap(revision, true).clear();
    }

    boolean hasPendingSlices(String cluster) {
        return !pendingRevisions.getOrDefault(cluster, new TreeMap<>()).isEmpty();
    }

    /** The occupancy as the policies see it: every owned slice, ready or not. */
    SubnetOccupancy occupancy() {
        return new SubnetOccupancy(plan, Set.copyOf(holders.keySet()));
    }

    /** The lowest free address among the cluster's slices that Neutron already has. */
    Optional<Ipv4> lowestReadyFree(String cluster) {
        Set<Integer> ready = readySlices.getOrDefault(cluster, Set.of());
        SlicePlan readyOnly = plan;
        for (int index : plan.slicesOf(cluster)) {
            if (!ready.contains(index)) {
                readyOnly = readyOnly.release(index);
            }
        }
        return IpPicker.lowestFree(new SubnetOccupancy(readyOnly, Set.copyOf(holdersInPlan(readyOnly))), cluster);
    }

    /** Addresses held in slices that {@code candidate} still assigns (the picker rejects any other). */
    private Set<Ipv4> holdersInPlan(SlicePlan candidate) {
        Set<Ipv4> inPlan = new HashSet<>();
        for (Ipv4 address : holders.keySet()) {
            var slice = candidate.sliceOf(address);
            if (slice.isPresent() && !candidate.isSpare(slice.getAsInt())) {
                inPlan.add(address);
            }
        }
        return inPlan;
    }

    /** Neutron allocation pools ("first-last") for the given slices: every usable address of each. */
    List<String> poolsFor(List<Integer> slices) {
        return new TreeSet<>(slices).stream().map(index -> {
            Cidr slice = plan.slice(index);
            Ipv4 first = slice.first();
            Ipv4 last = slice.broadcast();
            // never hand Neutron the /22's network, gateway or broadcast address
            while (plan.isReserved(first)) {
                first = first.next();
            }
            while (plan.isReserved(last)) {
                last = new Ipv4(last.value() - 1);
            }
            return first + "-" + last;
        }).toList();
    }

    boolean isEmpty() {
        return holders.isEmpty();
    }

    /** Value equality, so that Axon's test fixture can compare state built by commands with state sourced from events. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SubnetState that && id.equals(that.id) && idc.equals(that.idc) && cidr.equals(that.cidr)
                && plan.equals(that.plan) && holders.equals(that.holders) && clusterOf.equals(that.clusterOf)
                && pendingRevisions.equals(that.pendingRevisions) && readySlices.equals(that.readySlices)
                && revisions.equals(that.revisions);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
