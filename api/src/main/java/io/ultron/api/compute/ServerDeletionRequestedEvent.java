package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;

/** {@code clusterId}, {@code subnetId} and {@code address} are null when the server never got that far. */
public record ServerDeletionRequestedEvent(ServerId serverId, ClusterId clusterId, VpcId vpcId, SubnetId subnetId, String address, ServerStatus previousStatus) {
}
