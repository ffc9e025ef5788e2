package io.ultron.api.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;

/**
 * Reserves one address for a REST allocation about to be made: refused with 422 {@code quota-exceeded} when the
 * addresses counted plus those reserved reach the limit. Answers true when a reservation was stored (the address
 * quota is limited), false when there is nothing to reserve (unlimited: no event). A reservation stops counting
 * after {@code validFor}.
 */
public record ReserveAddressCommand(String tenant, String reservationId, Duration validFor) {

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
