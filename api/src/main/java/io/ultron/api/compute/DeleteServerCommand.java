package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Refused with 409 while provisioning is under way or when already deleting/deleted. */
public record DeleteServerCommand(@TargetAggregateIdentifier ServerId serverId) {
}
