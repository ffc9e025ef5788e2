package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

/**
 * A cluster that joined the subnet's IDC could not get a slice of this subnet: none is spare. The cluster still
 * counts as one of the IDC's clusters for the VPC, so its first allocation takes addresses by the exhaustion rules
 * (a spare slice of another subnet, a new subnet, a borrowed half) or is refused with a clear reason.
 */
public record ClusterSliceUnavailableEvent(VpcId vpcId, SubnetId subnetId, String idc, ClusterId clusterId, String reason) {
}
