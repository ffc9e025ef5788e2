package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

import java.time.Instant;
import java.util.List;

/** An unowned server's status, host or addresses changed in its cluster. */
public record UnownedServerChangedEvent(UnownedServerId id, ClusterId clusterId, String novaStatus, String host,
                                        List<String> addresses, Instant observedAt) {
}
