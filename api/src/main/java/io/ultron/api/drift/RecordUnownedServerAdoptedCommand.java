package io.ultron.api.drift;

import io.ultron.api.compute.ServerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordUnownedServerAdoptedCommand(@TargetAggregateIdentifier UnownedServerId id, ServerId serverId) {
}
