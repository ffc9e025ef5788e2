package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

public record ServerActiveEvent(ServerId serverId, BatchId batchId, int attempt, ClusterId clusterId, String host, String address) {
}
