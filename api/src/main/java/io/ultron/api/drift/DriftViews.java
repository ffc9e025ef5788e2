package io.ultron.api.drift;

import java.time.Instant;
import java.util.List;

/** Read models of what sync found in the clusters that Ultron does not own. */
public final class DriftViews {

    private DriftViews() {
    }

    /**
     * A server no Ultron server owns, while it is there. {@code deletionStartedAt}: a leftover being deleted.
     * {@code foundAt}: when sync first recorded it (a leftover's grace counts from it).
     */
    public record UnownedServerView(String id, String clusterId, String novaServerId, String name, UnownedKind kind,
                                    String novaStatus, String host, List<String> addresses, Instant foundAt,
                                    Instant updatedAt, Instant deletionStartedAt) {
    }
}
