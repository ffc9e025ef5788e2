package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailServerCommand(@TargetAggregateIdentifier ServerId serverId, String reason) {
}
