package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * From sync: the cluster no longer holds the server (deleted outside Ultron). As {@link RecordServerObservedCommand},
 * ignored when the server changed after {@code observedAt}.
 */
public record RecordServerVanishedCommand(@TargetAggregateIdentifier ServerId serverId, Instant observedAt) {
}
