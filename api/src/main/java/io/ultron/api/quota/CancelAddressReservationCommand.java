package io.ultron.api.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The allocation was refused, is pending or failed: its reservation no longer counts. Unknown ones are ignored. */
public record CancelAddressReservationCommand(String tenant, String reservationId) {

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
