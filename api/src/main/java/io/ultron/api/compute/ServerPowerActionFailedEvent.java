package io.ultron.api.compute;

/** The server stays in the status it had. */
public record ServerPowerActionFailedEvent(ServerId serverId, PowerAction action, String reason) {
}
