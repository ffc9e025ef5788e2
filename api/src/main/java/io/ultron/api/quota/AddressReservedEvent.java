package io.ultron.api.quota;

import java.time.Instant;

/** Counts from {@code reservedAt} until the address is counted (consumed), the reservation is cancelled, or {@code expiresAt}. */
public record AddressReservedEvent(String tenant, String reservationId, Instant reservedAt, Instant expiresAt) {
}
