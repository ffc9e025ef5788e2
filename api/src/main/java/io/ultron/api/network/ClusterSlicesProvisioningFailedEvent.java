package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

/** A try to make the slices real in Neutron failed; the saga retries with backoff, the subnet view shows it. */
public record ClusterSlicesProvisioningFailedEvent(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, int revision,
                                                   String reason, int attempt) {
}
