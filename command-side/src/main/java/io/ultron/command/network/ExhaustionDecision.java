package io.ultron.command.network;

import io.ultron.api.network.Cidr;

/** Where a cluster that ran out (or runs low) of addresses gets more from. */
public sealed interface ExhaustionDecision {

    /** Give the spare slice {@code slice} of the subnet where the cluster ran out to the cluster. */
    record TakeSpareSlice(Cidr subnet, int slice, String cluster) implements ExhaustionDecision {
    }

    /** Give the spare slice {@code slice} of another subnet of the VPC in the same IDC to the cluster. */
    record TakeSpareSliceOfOtherSubnet(Cidr subnet, int slice, String cluster) implements ExhaustionDecision {
    }

    /** Create a new subnet of the VPC in this IDC with this slice plan. */
    record NewSubnet(SlicePlan plan, String cluster) implements ExhaustionDecision {
    }

    /**
     * The last resort: lend the upper /26 half of {@code lender}'s slice {@code slice}, which holds no address
     * in use, to {@code borrower}. The slice stays {@code lender}'s; only that half's addresses move.
     */
    record LendHalfSlice(Cidr subnet, int slice, String lender, String borrower) implements ExhaustionDecision {

        /** Loans are always of the upper half: the picker hands out lowest first, so it stays free longest. */
        public static final int HALF = 1;

        public int halfIndex() {
            return SlicePlan.halfIndex(slice, HALF);
        }
    }

    /**
     * No source is left: the VPC's address space is exhausted for this cluster.
     *
     * @param freeInOtherClusters addresses still free in this IDC but owned by other clusters
     */
    record VpcExhausted(Cidr vpcBlock, String cluster, int freeInOtherClusters) implements ExhaustionDecision {

        public String message() {
            return "VPC " + vpcBlock + " address space exhausted for cluster " + cluster
                    + ": no spare slice, no room for another subnet and no free half slice to borrow ("
                    + freeInOtherClusters
                    + " addresses are free in slices of other clusters)";
        }
    }
}
