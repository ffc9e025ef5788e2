package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordServerActiveCommand(@TargetAggregateIdentifier ServerId serverId, int attempt, String host, String address) {
}
