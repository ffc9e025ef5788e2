package io.ultron.api.cluster;

import java.util.Set;

public record ClusterCapabilitiesUpdatedEvent(ClusterId clusterId, Set<Capability> capabilities) {
}
