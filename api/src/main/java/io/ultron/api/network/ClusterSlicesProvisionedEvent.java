package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

/** Neutron in the cluster now has the pools of {@code revision}: their addresses may be handed out. */
public record ClusterSlicesProvisionedEvent(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, int revision,
                                            String neutronNetworkId, String neutronSubnetId) {
}
