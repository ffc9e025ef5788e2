package io.ultron.api.compute;

/** Deleting the server's OpenStack resources failed; retried. */
public record ServerCleanUpFailedEvent(ServerId serverId, String reason, int attempt) {
}
