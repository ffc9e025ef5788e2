package io.ultron.api.quota;

import io.ultron.api.compute.ServerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Gives the servers' share back (a failed creation, a deleted server); servers not held are ignored. */
public record ReleaseServersCommand(String tenant, List<ServerId> serverIds) {

    public ReleaseServersCommand {
        serverIds = List.copyOf(serverIds);
    }

    @TargetAggregateIdentifier
    public String quotaId() {
        return QuotaIds.of(tenant);
    }
}
