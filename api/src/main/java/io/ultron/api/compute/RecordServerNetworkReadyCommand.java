package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.ultron.api.network.SubnetId;

public record RecordServerNetworkReadyCommand(@TargetAggregateIdentifier ServerId serverId, int attempt, SubnetId subnetId, String address, String portId) {
}
