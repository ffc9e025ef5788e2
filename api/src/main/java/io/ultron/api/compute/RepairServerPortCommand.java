package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;

/**
 * OpenStack task: make the port {@code ultron-<serverId>} hold {@code address} in the Neutron subnet of
 * {@code subnetId} and, with {@code attach}, be plugged into the Nova server. Reports
 * {@link RecordServerPortRepairedCommand} or {@link RecordServerPortRepairFailedCommand}.
 */
public record RepairServerPortCommand(ServerId serverId, ClusterId clusterId, SubnetId subnetId, String address,
                                      String novaServerId, boolean attach, int attempt) {
}
