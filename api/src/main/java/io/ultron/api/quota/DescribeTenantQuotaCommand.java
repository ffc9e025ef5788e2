package io.ultron.api.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Answers the quota's {@link TenantQuotaView} from the aggregate itself (its latest events, whichever node), changing
 * nothing: the numbers the quota decides on, not a view that may lag.
 */
public record DescribeTenantQuotaCommand(String tenant) {

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
