package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

/** Nova accepted the deletion of the leftover (or no longer had it). */
public record LeftoverServerDeletedEvent(UnownedServerId id, ClusterId clusterId, String novaServerId) {
}
