package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a cluster gets addresses when it has none left in a subnet (the fragmentation problem),
 * and when to top up early.
 *
 * <p>Sources, in order:
 * <ol>
 *   <li>a spare slice of the same subnet (the cluster's aligned partner slice first, so it
 *       grows into an aligned /24, else the lowest spare slice);</li>
 *   <li>a spare slice of another subnet of the VPC in the same IDC (subnets in address order,
 *       same slice preference);</li>
 *   <li>a new /22 (the lowest free one of the VPC block, while the VPC holds fewer than four):
 *       the cluster that ran out gets {@link Settings#newSubnetGrantSlices} slices from slice 0 on
 *       (aligned); every other active cluster whose free addresses over the VPC's subnets in the
 *       IDC are below {@link Settings#minReserveAddresses} gets one slice to keep its reserve; the
 *       rest of the /22 stays spare so that it follows demand;</li>
 *   <li>the last resort, when whole slices can no longer move: the upper /26 half of another
 *       cluster's slice that holds no address in use, lent to the cluster that ran out
 *       ({@link ExhaustionDecision.LendHalfSlice}). The lender is, of the clusters that still keep
 *       {@link Settings#minReserveAddresses} free over the VPC's subnets in the IDC after lending, the
 *       one with the fewest free addresses (best fit; ties: lowest name); its half is the one of the
 *       lowest subnet and slice. A cluster may borrow several halves over time; a lent half is
 *       never lent again, and borrowed halves are never passed on;</li>
 *   <li>otherwise {@link ExhaustionDecision.VpcExhausted}.</li>
 * </ol>
 * The policy only decides; the caller applies the decision (assign the slice, create the subnet)
 * and calls again if the cluster still has no address.
 */
public final class ExhaustionPolicy {

    /**
     * @param minReserveAddresses  other clusters below this many free addresses get one slice of a new subnet
     * @param newSubnetGrantSlices slices of a new subnet given to the cluster that ran out (1..8; 8 means
     *                             every slice not needed for the others' reserves)
     * @param lowWatermark         a cluster with fewer free addresses than this over the VPC's subnets in
     *                             the IDC is topped up early
     */
    public record Settings(int minReserveAddresses, int newSubnetGrantSlices, int lowWatermark) {

        /**
         * Reserve 16 addresses, grant an aligned /24, top up below 16 free addresses. The reserve equals the
         * watermark: a cluster below it tops up anyway, so lending must not push a lender under it; a larger reserve
         * strands addresses under skewed demand (see bench/README.md, fragmentation).
         */
        public static final Settings DEFAULTS = new Settings(16, 2, 16);

        public Settings {
            if (minReserveAddresses < 0) {
                throw new IllegalArgumentException("minimum reserve must not be negative: " + minReserveAddresses);
            }
            if (newSubnetGrantSlices < 1 || newSubnetGrantSlices > SlicePlan.SLICES) {
                throw new IllegalArgumentException("new-subnet grant must be 1.." + SlicePlan.SLICES + " slices: "
                        + newSubnetGrantSlices);
            }
            if (lowWatermark < 0) {
                throw new IllegalArgumentException("low watermark must not be negative: " + lowWatermark);
            }
        }
    }

    private final Settings settings;

    public ExhaustionPolicy(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The decision for {@code cluster}, which has no free address left in {@code subnet}.
     *
     * @param cluster an active cluster of the IDC
     * @param subnet  a subnet of the VPC in this IDC
     */
    public ExhaustionDecision onExhausted(VpcInIdc vpc, String cluster, Cidr subnet) {
        if (!vpc.activeClusters().contains(cluster)) {
            throw new IllegalArgumentException("cluster " + cluster + " is not an active cluster of this IDC "
                    + vpc.activeClusters());
        }
        SubnetOccupancy same = vpc.subnet(subnet).orElseThrow(() -> new IllegalArgumentException(
                "subnet " + subnet + " is not a subnet of VPC " + vpc.vpcBlock() + " in this IDC"));
        Optional<Integer> sameSlice = preferredSpareSlice(same.plan(), cluster);
        if (sameSlice.isPresent()) {
            return new ExhaustionDecision.TakeSpareSlice(subnet, sameSlice.get(), cluster);
        }
        for (SubnetOccupancy other : vpc.idcSubnets()) {
            if (!other.subnet().equals(subnet)) {
                Optional<Integer> slice = preferredSpareSlice(other.plan(), cluster);
                if (slice.isPresent()) {
                    return new ExhaustionDecision.TakeSpareSliceOfOtherSubnet(other.subnet(), slice.get(), cluster);
                }
            }
        }
        Optional<Cidr> next = vpc.nextFreeSubnet();
        if (next.isPresent()) {
            return new ExhaustionDecision.NewSubnet(newSubnetPlan(vpc, next.get(), cluster), cluster);
        }
        Optional<ExhaustionDecision.LendHalfSlice> loan = halfSliceToLend(vpc, cluster);
        if (loan.isPresent()) {
            return loan.get();
        }
        int freeInOthers = vpc.idcSubnets().stream()
                .mapToInt(s -> s.plan().clusters().stream().filter(c -> !c.equals(cluster)).mapToInt(s::freeOf).sum())
                .sum();
        return new ExhaustionDecision.VpcExhausted(vpc.vpcBlock(), cluster, freeInOthers);
    }

    /**
     * Empty while {@code cluster} has at least the low watermark of free addresses over the VPC's
     * subnets in this IDC; otherwise the top-up decision, from the same sources in the same order
     * as {@link #onExhausted}, {@code subnet} being the one the cluster allocates from.
     */
    public Optional<ExhaustionDecision> onLowWatermark(VpcInIdc vpc, String cluster, Cidr subnet) {
        if (!belowWatermark(vpc.freeOf(cluster))) {
            return Optional.empty();
        }
        return Optional.of(onExhausted(vpc, cluster, subnet));
    }

    /** True when a cluster with {@code freeAddresses} over the VPC's subnets in its IDC should be topped up. */
    public boolean belowWatermark(int freeAddresses) {
        return freeAddresses < settings.lowWatermark();
    }

    /**
     * Best fit: of the clusters that can lend a half and keep their reserve, the one with the fewest free
     * addresses. Each cluster's own allocations soon leave it too few addresses to lend a half (upper halves
     * fill last, and the reserve must stay), so the lender closest to that point goes first while the richer
     * ones stay able to lend later; lending from the richest first leaves more halves stranded (see the
     * fragmentation simulation in bench/README.md).
     */
    private Optional<ExhaustionDecision.LendHalfSlice> halfSliceToLend(VpcInIdc vpc, String borrower) {
        ExhaustionDecision.LendHalfSlice best = null;
        int bestFree = -1;
        for (String lender : vpc.activeClusters()) {
            int free = vpc.freeOf(lender);
            if (lender.equals(borrower) || (best != null && free >= bestFree)) {
                continue;
            }
            Optional<ExhaustionDecision.LendHalfSlice> loan = lendableHalf(vpc, lender, borrower, free);
            if (loan.isPresent()) {
                best = loan.get();
                bestFree = free;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The lowest upper half of {@code lender}'s slices that is free and not lent, when lending it keeps the reserve. */
    private Optional<ExhaustionDecision.LendHalfSlice> lendableHalf(VpcInIdc vpc, String lender, String borrower, int free) {
        for (SubnetOccupancy subnet : vpc.idcSubnets()) {
            SlicePlan plan = subnet.plan();
            for (int slice : plan.slicesOf(lender)) {
                int half = SlicePlan.halfIndex(slice, ExhaustionDecision.LendHalfSlice.HALF);
                if (!plan.lentHalves().containsKey(half) && subnet.usedInHalf(half) == 0
                        && free - SlicePlan.usableAddressesOfHalf(half) >= settings.minReserveAddresses()) {
                    return Optional.of(new ExhaustionDecision.LendHalfSlice(subnet.subnet(), slice, lender, borrower));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> preferredSpareSlice(SlicePlan plan, String cluster) {
        List<Integer> spare = plan.spareSlices();
        if (spare.isEmpty()) {
            return Optional.empty();
        }
        for (int owned : plan.slicesOf(cluster)) {
            int partner = SlicePlan.alignedPartner(owned);
            if (plan.isSpare(partner)) {
                return Optional.of(partner);
            }
        }
        return Optional.of(spare.get(0));
    }

    private SlicePlan newSubnetPlan(VpcInIdc vpc, Cidr subnet, String cluster) {
        List<String> belowReserve = new ArrayList<>();
        for (String other : vpc.activeClusters()) {
            if (!other.equals(cluster) && vpc.freeOf(other) < settings.minReserveAddresses()) {
                belowReserve.add(other);
            }
        }
        int grant = Math.max(1, Math.min(settings.newSubnetGrantSlices(), SlicePlan.SLICES - belowReserve.size()));
        TreeMap<Integer, String> owners = new TreeMap<>();
        int index = 0;
        for (; index < grant; index++) {
            owners.put(index, cluster);
        }
        for (String other : belowReserve) {
            owners.put(index++, other);
        }
        return new SlicePlan(subnet, owners);
    }
}
