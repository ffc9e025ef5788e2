package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

/**
 * Sync found the subnet's Neutron copy in the cluster missing, or its allocation pools other than the cluster's
 * slices; the subnet saga ensures it again with the pools of {@code revision}.
 *
 * @param missing       true when Neutron holds no subnet {@code ultron-<subnetId>} at all
 * @param expectedPools the cluster's pools, as Ultron's IPAM has them
 * @param observedPools what Neutron had (empty when missing)
 */
public record NeutronSubnetDriftedEvent(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, boolean missing,
                                        List<String> expectedPools, List<String> observedPools, int revision) {
}
