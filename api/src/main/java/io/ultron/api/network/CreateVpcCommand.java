package io.ultron.api.network;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code department} and {@code purpose} are optional; they unlock address ranges reserved for them. */
public record CreateVpcCommand(@TargetAggregateIdentifier VpcId vpcId, String area, String tenant, String name,
                               String department, String purpose) {
}
