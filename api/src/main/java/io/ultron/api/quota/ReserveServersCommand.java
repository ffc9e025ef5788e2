package io.ultron.api.quota;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Holds a batch's servers against the tenant's quota, all or none. {@code enforce}: refused with 422
 * {@code quota-exceeded} when servers, vCPUs or RAM would go over its limit (a REST request); applies nothing when
 * none of the three is limited (the usage processor records the servers from their events). Without {@code enforce}
 * (the usage processor) the servers are recorded whatever the limits. Servers already held are not counted again.
 */
public record ReserveServersCommand(String tenant, List<ServerHolding> servers, boolean enforce) {

    public ReserveServersCommand {
        servers = List.copyOf(servers);
    }

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
