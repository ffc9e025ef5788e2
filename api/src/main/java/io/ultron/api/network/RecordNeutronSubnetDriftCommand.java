package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * From sync: the Neutron subnet {@code ultron-<subnetId>} of the cluster is missing ({@code neutronSubnetId} null)
 * or has these allocation pools. The VPC records drift only when its provisioned pools for the cluster differ
 * (Ultron's IPAM is the source of truth) and no provisioning or repair of them is under way.
 *
 * @param observedPools the pools Neutron has, as {@code first-last}; empty when the subnet is missing
 * @param observedAt    when the sync started reading the cluster
 */
public record RecordNeutronSubnetDriftCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId,
                                              ClusterId clusterId, String neutronSubnetId, List<String> observedPools,
                                              Instant observedAt) {

    public RecordNeutronSubnetDriftCommand {
        observedPools = observedPools == null ? List.of() : List.copyOf(observedPools);
    }
}
