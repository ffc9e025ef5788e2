package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

/**
 * The /25 slices a cluster owns in a subnet changed (first plan or a top-up). {@code pools} are the
 * Neutron allocation pools for exactly those slices ("first-last"); {@code revision} orders the changes of one
 * subnet in one cluster. New slices hand out addresses only after {@link ClusterSlicesProvisionedEvent}.
 */
public record ClusterSlicesChangedEvent(VpcId vpcId, SubnetId subnetId, String idc, String cidr, String gateway,
                                        ClusterId clusterId, List<Integer> slices, List<String> pools, int revision,
                                        String reason) {
}
