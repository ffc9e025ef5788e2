package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adoption: {@code owner} takes the very address a server made outside Ultron already has. Refused (409) when the
 * address is not in the cluster's slices of the subnet, or another owner holds it; a no-op when {@code owner} holds it
 * already (a retried adoption). Recorded as an {@link IpAllocatedEvent}, like any allocation.
 */
public record ClaimIpCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId, ClusterId clusterId, String address,
                             String owner) {
}
