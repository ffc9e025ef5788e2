package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** From sync: a server no Ultron server owns, as the cluster shows it; recorded when new or changed. */
public record RecordUnownedServerCommand(@TargetAggregateIdentifier UnownedServerId id, ClusterId clusterId,
                                         String novaServerId, String name, String novaStatus, String host,
                                         List<String> addresses, Instant observedAt) {
}
