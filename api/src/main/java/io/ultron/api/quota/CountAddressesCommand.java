package io.ultron.api.quota;

import io.ultron.api.network.VpcId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * The usage processor counts addresses allocated and released in one of the tenant's VPCs, from the VPC's events in
 * their order: a count not newer than the VPC's last counted event is ignored (a redelivered event counts once), and
 * a reservation it names is consumed.
 */
public record CountAddressesCommand(String tenant, VpcId vpcId, List<AddressCount> counts) {

    public CountAddressesCommand {
        counts = List.copyOf(counts);
    }

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
