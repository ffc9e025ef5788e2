package io.ultron.command.network;

import io.ultron.api.network.Cidr;

/** A range of the address space (from configuration) whose VPC blocks go only to {@code holder}. */
public record ReservedRange(Cidr range, ReservationHolder holder) {

    public ReservedRange {
        if (range == null || holder == null) {
            throw new IllegalArgumentException("a reserved range needs a range and a holder");
        }
    }
}
