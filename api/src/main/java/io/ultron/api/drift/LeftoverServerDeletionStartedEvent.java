package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

/** A leftover's grace period is over: sync deletes the Nova server (by its id, never by name). */
public record LeftoverServerDeletionStartedEvent(UnownedServerId id, ClusterId clusterId, String novaServerId,
                                                 String name) {
}
