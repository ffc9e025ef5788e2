package io.ultron.api.quota;

/**
 * One address allocated ({@code delta} 1) or released (-1) in a VPC, by the VPC's event with {@code sequence};
 * {@code reservationId}: the REST allocation's reservation the address consumes, or null.
 */
public record AddressCount(long sequence, int delta, String reservationId) {
}
