package io.ultron.api.quota;

import io.ultron.api.network.VpcId;

public record AddressesCountedEvent(String tenant, VpcId vpcId, int delta, long sequence, String reservationId) {
}
