package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordPowerActionCompletedCommand(@TargetAggregateIdentifier ServerId serverId, PowerAction action) {
}
