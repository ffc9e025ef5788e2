package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

import java.time.Instant;
import java.util.List;

/** Sync found a server in the cluster that no Ultron server owns. */
public record UnownedServerFoundEvent(UnownedServerId id, ClusterId clusterId, String novaServerId, String name,
                                      UnownedKind kind, String novaStatus, String host, List<String> addresses,
                                      Instant observedAt) {
}
