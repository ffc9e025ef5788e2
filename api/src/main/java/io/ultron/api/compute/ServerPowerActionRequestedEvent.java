package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

public record ServerPowerActionRequestedEvent(ServerId serverId, ClusterId clusterId, PowerAction action) {
}
