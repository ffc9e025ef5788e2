package io.ultron.api.quota;

import io.ultron.api.network.VpcId;

import java.util.List;

/** Counts newer than the VPC's last counted event, in order; a reservation named is consumed (null: none). */
public record AddressesCountedEvent(String tenant, VpcId vpcId, List<AddressCount> counts) {
}
