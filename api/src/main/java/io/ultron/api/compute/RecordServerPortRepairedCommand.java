package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordServerPortRepairedCommand(@TargetAggregateIdentifier ServerId serverId, String portId) {
}
