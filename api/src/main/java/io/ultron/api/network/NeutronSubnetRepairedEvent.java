package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

/** The subnet's Neutron copy in the cluster holds the cluster's pools again, after {@link NeutronSubnetDriftedEvent}. */
public record NeutronSubnetRepairedEvent(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, int revision,
                                         String neutronSubnetId, List<String> pools) {
}
