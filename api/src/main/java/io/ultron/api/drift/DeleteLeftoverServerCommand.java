package io.ultron.api.drift;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/**
 * From sync: delete a leftover once it has been one for {@code grace} (a no-op before that). Answers the Nova server
 * id sync is to delete now, or null. Sent again while the deletion is under way, it records nothing new and answers
 * the id again, so a sync that died mid-deletion simply tries again.
 */
public record DeleteLeftoverServerCommand(@TargetAggregateIdentifier UnownedServerId id, Duration grace, Instant now) {
}
