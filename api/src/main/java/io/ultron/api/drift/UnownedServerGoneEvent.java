package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

import java.time.Instant;

/** The unowned server is no longer drift: gone from its cluster, or owned by an Ultron server after all. */
public record UnownedServerGoneEvent(UnownedServerId id, ClusterId clusterId, String reason, Instant observedAt) {
}
