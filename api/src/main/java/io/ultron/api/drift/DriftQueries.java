package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

/** Queries of the drift views. */
public final class DriftQueries {

    private DriftQueries() {
    }

    /** Answered by a list of {@link DriftViews.UnownedServerView}, oldest first; every filter optional (null: any). */
    public record FindUnownedServersQuery(ClusterId clusterId, UnownedKind kind) {
    }

    /** Answered by an optional {@link DriftViews.UnownedServerView}. */
    public record FindUnownedServerQuery(UnownedServerId id) {
    }
}
