package io.ultron.api.network;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code owner} must name the current holder, so a stale caller cannot free someone else's address. */
public record ReleaseIpCommand(@TargetAggregateIdentifier VpcId vpcId, SubnetId subnetId, String address, String owner) {
}
