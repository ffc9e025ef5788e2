package io.ultron.api.drift;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordLeftoverPortDeletedCommand(@TargetAggregateIdentifier LeftoverPortId id) {
}
