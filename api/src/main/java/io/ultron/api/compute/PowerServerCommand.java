package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Start, stop or reboot; refused with 409 when the server's status does not allow it. */
public record PowerServerCommand(@TargetAggregateIdentifier ServerId serverId, PowerAction action) {
}
