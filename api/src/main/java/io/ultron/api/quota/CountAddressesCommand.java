package io.ultron.api.quota;

import io.ultron.api.network.VpcId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The usage processor counts an address allocated ({@code delta} 1) or released (-1) in one of the tenant's VPCs,
 * from the VPC's event with {@code sequence}: ignored unless newer than the VPC's last counted event (a redelivered
 * event counts once). {@code reservationId}: the REST allocation's reservation the address consumes, or null.
 */
public record CountAddressesCommand(String tenant, VpcId vpcId, int delta, long sequence,
                                    String reservationId) {

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
