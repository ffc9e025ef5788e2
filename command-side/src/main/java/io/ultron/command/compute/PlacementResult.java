package io.ultron.command.compute;

import java.util.Objects;

/** The outcome of placing a batch of servers in an IDC. */
public sealed interface PlacementResult {

    /** Every server of the batch has a cluster. */
    record Placed(Placement placement) implements PlacementResult {

        public Placed {
            Objects.requireNonNull(placement, "placement");
        }
    }

    /**
     * Only part of the batch fits (the request allowed it): {@code placement} fills every eligible cluster to its
     * room and {@code unplaced} servers are left without a cluster.
     */
    record Partial(Placement placement, int unplaced, String reason) implements PlacementResult {

        public Partial {
            Objects.requireNonNull(placement, "placement");
            if (unplaced <= 0) {
                throw new IllegalArgumentException("a partial placement leaves at least one server: " + unplaced);
            }
        }
    }

    /** Nothing is placed; {@code code} is one of the constants below. */
    record Refused(String code, String reason) implements PlacementResult {

        /** No ACTIVE cluster of the IDC has the capability the servers boot from. */
        public static final String NO_CAPABLE_CLUSTER = "no-capable-cluster";
        /** The eligible clusters have room for fewer servers than asked (none at all when partial is allowed). */
        public static final String INSUFFICIENT_CAPACITY = "insufficient-capacity";

        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
