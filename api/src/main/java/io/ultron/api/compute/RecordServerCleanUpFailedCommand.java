package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordServerCleanUpFailedCommand(@TargetAggregateIdentifier ServerId serverId, String reason, int attempt) {
}
