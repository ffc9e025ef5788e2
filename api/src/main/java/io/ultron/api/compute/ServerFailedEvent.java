package io.ultron.api.compute;

/** Provisioning gave up; compensation is done. */
public record ServerFailedEvent(ServerId serverId, BatchId batchId, String reason) {
}
