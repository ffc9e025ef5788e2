package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ignored unless {@code attempt} is the server's current, unfailed attempt (late or repeated reports). */
public record RecordServerProvisioningFailedCommand(@TargetAggregateIdentifier ServerId serverId, int attempt, String step, String reason, boolean reschedulable) {
}
