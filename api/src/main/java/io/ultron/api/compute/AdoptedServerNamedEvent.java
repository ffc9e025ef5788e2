package io.ultron.api.compute;

/** The adopted server's Nova server and port are named after it: it takes actions as any other server. */
public record AdoptedServerNamedEvent(ServerId serverId, String portId) {
}
