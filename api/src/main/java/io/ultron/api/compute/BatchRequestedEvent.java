package io.ultron.api.compute;

import java.util.List;

public record BatchRequestedEvent(BatchId batchId, String tenant, String namePrefix, int requested, List<ServerId> serverIds) {
}
