package io.ultron.api.compute;

/** A try to repair the server's Neutron port failed; the saga tries again with backoff. */
public record ServerPortRepairFailedEvent(ServerId serverId, String reason, int attempt) {
}
