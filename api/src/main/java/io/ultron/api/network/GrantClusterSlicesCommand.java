package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code clusterId} joined {@code idc} (registered there, or enabled again): every subnet of the VPC in that IDC in
 * which it has no slice gives it one, a spare slice where there is one. Sent again, it changes nothing; a cluster
 * that takes no new work (draining) gets nothing.
 */
public record GrantClusterSlicesCommand(@TargetAggregateIdentifier VpcId vpcId, String idc, ClusterId clusterId) {
}
