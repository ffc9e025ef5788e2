package io.ultron.api.compute;

/** The first event of every server; {@code novaFlavorId} is the flavor's Nova id (same in every cluster). */
public record ServerRequestedEvent(ServerId serverId, BatchId batchId, ServerSpec spec, int vcpus, int ramMb, String novaFlavorId) {
}
