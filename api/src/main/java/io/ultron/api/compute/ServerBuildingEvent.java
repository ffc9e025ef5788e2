package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/** Nova accepted the boot. */
public record ServerBuildingEvent(ServerId serverId, int attempt, ClusterId clusterId, String novaServerId) {
}
