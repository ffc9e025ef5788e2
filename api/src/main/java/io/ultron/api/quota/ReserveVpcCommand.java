package io.ultron.api.quota;

import io.ultron.api.network.VpcId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Holds one VPC against the tenant's quota; {@code enforce} as in {@link ReserveServersCommand}. */
public record ReserveVpcCommand(String tenant, VpcId vpcId, boolean enforce) {

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
