package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordServerBuildingCommand(@TargetAggregateIdentifier ServerId serverId, int attempt, String novaServerId) {
}
