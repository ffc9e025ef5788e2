package io.ultron.api.quota;

import io.ultron.api.network.VpcId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a VPC's share back (a failed creation, a deleted VPC); a VPC not held is ignored. */
public record ReleaseVpcCommand(String tenant, VpcId vpcId) {

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
