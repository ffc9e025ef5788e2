package io.ultron.api.quota;

public record AddressReservationCancelledEvent(String tenant, String reservationId) {
}
