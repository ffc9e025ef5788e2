package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

/** A leftover port's grace period is over: sync deletes it (by its id, never by name). */
public record LeftoverPortDeletionStartedEvent(LeftoverPortId id, ClusterId clusterId, String neutronPortId) {
}
