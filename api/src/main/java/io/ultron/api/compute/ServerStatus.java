package io.ultron.api.compute;

/**
 * A server's life: REQUESTED → SCHEDULED (a cluster chosen) → NETWORK_READY (address and Neutron port) → BUILDING
 * (Nova is booting it) → ACTIVE; STOPPED and back by start/stop; ERROR when sync finds it broken in its cluster;
 * FAILED when provisioning gave up (compensation done); DELETING → DELETED, or DELETED at once when sync finds it
 * deleted outside Ultron.
 */
public enum ServerStatus {
    REQUESTED,
    SCHEDULED,
    NETWORK_READY,
    BUILDING,
    ACTIVE,
    FAILED,
    STOPPED,
    ERROR,
    DELETING,
    DELETED;

    /** Provisioning is under way: the saga owns the server until it is ACTIVE or FAILED. */
    public boolean provisioning() {
        return this == REQUESTED || this == SCHEDULED || this == NETWORK_READY || this == BUILDING;
    }

    /**
     * Nova's status word as Ultron's: ACTIVE; SHUTOFF and the other powered-off states as STOPPED; ERROR. Null for
     * a passing state (rebooting, migrating, resizing…) and for DELETED, which sync reads as gone.
     */
    public static ServerStatus ofNova(String novaStatus) {
        return switch (novaStatus == null ? "" : novaStatus) {
            case "ACTIVE" -> ACTIVE;
            case "SHUTOFF", "STOPPED", "PAUSED", "SUSPENDED", "SHELVED", "SHELVED_OFFLOADED" -> STOPPED;
            case "ERROR" -> ERROR;
            default -> null;
        };
    }

    /**
     * The server has, or may have at any moment, a Nova server named after it in its cluster: a Nova server so named
     * while the server is FAILED or DELETED is a leftover.
     */
    public boolean ownsNovaServer() {
        return this != FAILED && this != DELETED;
    }

    /** Built and not being deleted: what sync compares with the cluster. */
    public boolean running() {
        return this == ACTIVE || this == STOPPED || this == ERROR;
    }
}
