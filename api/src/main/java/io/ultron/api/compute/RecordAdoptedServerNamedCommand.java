package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** @param portId the port that holds the server's address, now named after the server (null if it has none) */
public record RecordAdoptedServerNamedCommand(@TargetAggregateIdentifier ServerId serverId, String portId) {
}
