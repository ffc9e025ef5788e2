package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * A new /22 of the VPC in {@code idc}, its slices planned over the IDC's active clusters; {@code idcArea} is the
 * area those clusters are registered in, which must be the VPC's. {@code cidr} asks for a particular /22 of the
 * VPC; null takes the lowest free one.
 */
public record AllocateSubnetCommand(@TargetAggregateIdentifier VpcId vpcId, String idc, String idcArea,
                                    List<ClusterId> activeClusters, String cidr) {
}
