package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

/** Neutron deleted the leftover port (or no longer had it). */
public record LeftoverPortDeletedEvent(LeftoverPortId id, ClusterId clusterId, String neutronPortId) {
}
