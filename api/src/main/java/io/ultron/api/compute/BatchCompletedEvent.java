package io.ultron.api.compute;

/** Every server of the batch is ACTIVE or FAILED. */
public record BatchCompletedEvent(BatchId batchId, int requested, int active, int failed) {
}
