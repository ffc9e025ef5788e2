package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/** Everything {@code attempt} made in {@code clusterId} is gone again: server, port, address. */
public record ServerCompensatedEvent(ServerId serverId, int attempt, ClusterId clusterId) {
}
