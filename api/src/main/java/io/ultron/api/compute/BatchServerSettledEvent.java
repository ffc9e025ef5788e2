package io.ultron.api.compute;

/** One server of the batch ended ACTIVE ({@code active}) or FAILED. */
public record BatchServerSettledEvent(BatchId batchId, ServerId serverId, boolean active, String reason) {
}
