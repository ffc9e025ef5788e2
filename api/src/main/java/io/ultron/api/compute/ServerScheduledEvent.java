package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;

/** Placement chose {@code clusterId}; {@code attempt} is 1, or 2 when rescheduled after a failure elsewhere. */
public record ServerScheduledEvent(ServerId serverId, ClusterId clusterId, SubnetId subnetId, int attempt) {
}
