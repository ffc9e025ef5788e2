package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Idempotent per server. */
public record RecordBatchServerSettledCommand(@TargetAggregateIdentifier BatchId batchId, ServerId serverId, boolean active, String reason) {
}
