package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;

/** One server of a batch with the cluster placement chose for it and the subnet its address comes from. */
public record PlacedServer(ServerId serverId, String name, ClusterId clusterId, SubnetId subnetId) {
}
