package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;

/** OpenStack task: allocate the server's address, then find or create its Neutron port with it. Reports {@link RecordServerNetworkReadyCommand} or {@link RecordServerProvisioningFailedCommand}. */
public record PrepareServerNetworkCommand(ServerId serverId, int attempt, VpcId vpcId, SubnetId subnetId, ClusterId clusterId) {
}
