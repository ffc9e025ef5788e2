package io.ultron.api.compute;

/** A vanished server's port and address have been released. */
public record ServerResourcesReleasedEvent(ServerId serverId) {
}
