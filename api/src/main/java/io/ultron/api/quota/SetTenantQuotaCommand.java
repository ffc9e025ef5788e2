package io.ultron.api.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin sets all five limits of a tenant (null: unlimited); a limit below the usage keeps what exists. */
public record SetTenantQuotaCommand(String tenant, QuotaLimits limits) {

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
