package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;

/** The server's address is allocated and its Neutron port holds it. */
public record ServerNetworkReadyEvent(ServerId serverId, int attempt, ClusterId clusterId, SubnetId subnetId, String address, String portId) {
}
