package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

/**
 * For the OpenStack task handler: make Neutron in {@code clusterId} hold the subnet with exactly these pools.
 * Answered asynchronously by {@link RecordSlicesProvisionedCommand} or {@link RecordSlicesProvisioningFailedCommand}.
 */
public record EnsureNeutronSubnetCommand(VpcId vpcId, SubnetId subnetId, ClusterId clusterId, String cidr, String gateway,
                                         List<String> pools, int revision, int attempt) {
}
