package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordPowerActionFailedCommand(@TargetAggregateIdentifier ServerId serverId, PowerAction action, String reason) {
}
