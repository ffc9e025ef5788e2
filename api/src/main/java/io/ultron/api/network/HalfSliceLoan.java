package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

/**
 * The /26 half {@code half} (0 lower, 1 upper) of slice {@code slice} of a subnet, owned by {@code lender}'s
 * slice but handed out by {@code borrower}: the last resort before a VPC counts as exhausted.
 */
public record HalfSliceLoan(int slice, int half, ClusterId lender, ClusterId borrower) {
}
