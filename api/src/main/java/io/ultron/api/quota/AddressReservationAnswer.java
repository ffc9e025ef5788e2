package io.ultron.api.quota;

/**
 * The answer to a {@link ReserveAddressCommand}: whether a reservation was stored (the tenant's addresses are
 * limited), and the sequence number of the quota's last event the decision saw (-1: none), so that a tenant found
 * unlimited is known to be so up to that event.
 */
public record AddressReservationAnswer(boolean reserved, long decidedAt) {
}
