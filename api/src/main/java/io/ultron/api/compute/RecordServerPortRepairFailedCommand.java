package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordServerPortRepairFailedCommand(@TargetAggregateIdentifier ServerId serverId, String reason, int attempt) {
}
