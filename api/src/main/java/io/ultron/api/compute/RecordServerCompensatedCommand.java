package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordServerCompensatedCommand(@TargetAggregateIdentifier ServerId serverId, int attempt) {
}
