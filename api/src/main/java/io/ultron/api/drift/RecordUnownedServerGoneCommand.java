package io.ultron.api.drift;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** From sync: the unowned server is no longer there, or an Ultron server owns it now ({@code reason} says which). */
public record RecordUnownedServerGoneCommand(@TargetAggregateIdentifier UnownedServerId id, String reason,
                                             Instant observedAt) {
}
