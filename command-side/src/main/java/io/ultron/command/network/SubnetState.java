package io.ultron.command.network;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ultron.api.network.AllocationPool;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.Cidr;
import io.ultron.api.network.HalfSliceLoan;
import io.ultron.api.network.Ipv4;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.SubnetId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One subnet inside the {@link Vpc} aggregate: its slice plan (with lent halves), which /26 halves each cluster
 * may already hand out (Neutron has them), and who holds which address. Mutated only by the aggregate's event-sourcing handlers.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class SubnetState {

    final SubnetId id;
    final String idc;
    final Cidr cidr;
    SlicePlan plan;
    final Map<Ipv4, String> holders = new HashMap<>();
    final Map<Ipv4, String> clusterOf = new HashMap<>();
    /** Per cluster: the /26 halves (see {@link SlicePlan}) of each revision not yet confirmed by Neutron, by revision. */
    final Map<String, TreeMap<Integer, List<Integer>>> pendingRevisions = new HashMap<>();
    /** Per cluster: the /26 halves Neutron has, so their addresses may be handed out while the cluster still holds them. */
    final Map<String, Set<Integer>> readyHalves = new HashMap<>();
    final Map<String, Integer> revisions = new HashMap<>();
    /** Per cluster: the Neutron network and subnet that make this subnet real there ([networkId, subnetId]). */
    final Map<String, List<String>> neutronIds = new HashMap<>();
    /** Clusters that joined the IDC when this subnet had no spare slice for them (recorded once, see the Vpc). */
    final TreeSet<String> withoutSlice = new TreeSet<>();
    /** Clusters whose Neutron copy sync found missing or with other pools, until the saga has ensured it again. */
    final TreeSet<String> drifted = new TreeSet<>();

    @JsonCreator
    SubnetState(@JsonProperty("id") SubnetId id, @JsonProperty("idc") String idc, @JsonProperty("cidr") Cidr cidr) {
        this.id = id;
        this.idc = idc;
        this.cidr = cidr;
        this.plan = SlicePlan.allSpare(cidr);
    }

    int nextRevision(String cluster) {
        return revisions.getOrDefault(cluster, 0) + 1;
    }

    /**
     * The cluster's slices and the loans it takes part in are now exactly {@code slices} and {@code loans}.
     * A half the cluster lent out stops being handed out by it at once; what it gained waits for Neutron.
     */
    void slicesChanged(String cluster, List<Integer> slices, List<HalfSliceLoan> loans, int revision) {
        SlicePlan next = new SlicePlan(cidr, plan.owners());
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
        TreeMap<Integer, String> lent = new TreeMap<>();
        plan.lentHalves().forEach((half, borrower) -> {
            if (!borrower.equals(cluster) && !cluster.equals(plan.owners().get(SlicePlan.sliceOfHalf(half)))) {
                lent.put(half, borrower);
            }
        });
        for (HalfSliceLoan loan : loans) {
            lent.put(SlicePlan.halfIndex(loan.slice(), loan.half()), loan.borrower().value());
        }
        plan = new SlicePlan(cidr, next.owners(), lent);
        revisions.put(cluster, revision);
        pendingRevisions.computeIfAbsent(cluster, c -> new TreeMap<>()).put(revision, plan.halvesOf(cluster));
    }

    void slicesProvisioned(String cluster, int revision, String neutronNetworkId, String neutronSubnetId) {
        if (neutronNetworkId != null && neutronSubnetId != null) {
            neutronIds.put(cluster, List.of(neutronNetworkId, neutronSubnetId));
        }
        TreeMap<Integer, List<Integer>> pending = pendingRevisions.getOrDefault(cluster, new TreeMap<>());
        List<Integer> halves = pending.get(revision);
        if (halves == null) {
            return; // an older confirmation arriving late: a newer revision already covered it
        }
        readyHalves.put(cluster, new TreeSet<>(halves));
        pending.headMap(revision, true).clear();
    }

    /** The address {@code owner} holds here in {@code cluster}, if any (the lowest when it holds several). */
    Optional<Ipv4> heldBy(String owner, String cluster) {
        return holders.entrySet().stream()
                .filter(entry -> entry.getValue().equals(owner) && cluster.equals(clusterOf.get(entry.getKey())))
                .map(Map.Entry::getKey)
                .min(java.util.Comparator.naturalOrder());
    }

    IpAllocationOutcome.Allocated allocated(Ipv4 address, String cluster) {
        List<String> neutron = neutronIds.getOrDefault(cluster, java.util.Arrays.asList(null, null));
        return new IpAllocationOutcome.Allocated(address.toString(), id, cluster, neutron.get(0), neutron.get(1));
    }

    /** True when {@code cluster} owns a slice here, borrows a half here, or was told that none is spare. */
    boolean knows(String cluster) {
        return plan.clusters().contains(cluster) || withoutSlice.contains(cluster);
    }

    /** Neutron has confirmed some revision of the cluster's pools. */
    boolean provisionedIn(String cluster) {
        return readyHalves.containsKey(cluster);
    }

    boolean hasPendingSlices(String cluster) {
        return !pendingRevisions.getOrDefault(cluster, new TreeMap<>()).isEmpty();
    }

    /** The occupancy as the policies see it: every owned slice and lent half, ready or not. */
    SubnetOccupancy occupancy() {
        return new SubnetOccupancy(plan, Set.copyOf(holders.keySet()));
    }

    /**
     * The lowest free address among the halves the cluster holds now (its slices minus lent-out halves plus
     * borrowed halves) that Neutron already has.
     */
    Optional<Ipv4> lowestReadyFree(String cluster) {
        return IpPicker.lowestFreeIn(plan, holders.keySet(), cluster, readyHalves.getOrDefault(cluster, Set.of()));
    }

    /** What {@code occupancy().freeOf(cluster)} answers, without building the occupancy. */
    int freeOf(String cluster) {
        return SubnetOccupancy.freeOf(plan, holders.keySet(), cluster);
    }

    /** The loans of {@code plan} that {@code cluster} takes part in, as lender or borrower. */
    static List<HalfSliceLoan> loansOf(SlicePlan plan, String cluster) {
        List<HalfSliceLoan> loans = new ArrayList<>();
        plan.lentHalves().forEach((half, borrower) -> {
            String lender = plan.ownerOf(SlicePlan.sliceOfHalf(half)).orElseThrow();
            if (lender.equals(cluster) || borrower.equals(cluster)) {
                loans.add(new HalfSliceLoan(SlicePlan.sliceOfHalf(half), half % 2, ClusterId.of(lender), ClusterId.of(borrower)));
            }
        });
        return List.copyOf(loans);
    }

    /**
     * Neutron allocation pools ("first-last") of {@code cluster} under {@code plan}: every usable address of each
     * of its slices (less a lent half) and of each borrowed half, one pool per block, in address order.
     */
    static List<String> poolsFor(SlicePlan plan, String cluster) {
        return plan.blocksOf(cluster).stream().map(block -> {
            Ipv4 first = block.first();
            Ipv4 last = block.broadcast();
            // never hand Neutron the /22's network, gateway or broadcast address
            while (plan.isReserved(first)) {
                first = first.next();
            }
            while (plan.isReserved(last)) {
                last = new Ipv4(last.value() - 1);
            }
            return new AllocationPool(first, last).toString();
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
                && pendingRevisions.equals(that.pendingRevisions) && readyHalves.equals(that.readyHalves)
                && revisions.equals(that.revisions) && withoutSlice.equals(that.withoutSlice)
                && drifted.equals(that.drifted);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
