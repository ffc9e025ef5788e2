package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordServerDeletedCommand(@TargetAggregateIdentifier ServerId serverId) {
}
