package io.ultron.api.compute;

/**
 * A server's life: REQUESTED → SCHEDULED (a cluster chosen) → NETWORK_READY (address and Neutron port) → BUILDING
 * (Nova is booting it) → ACTIVE; STOPPED and back by start/stop; FAILED when provisioning gave up (compensation
 * done); DELETING → DELETED.
 */
public enum ServerStatus {
    REQUESTED,
    SCHEDULED,
    NETWORK_READY,
    BUILDING,
    ACTIVE,
    FAILED,
    STOPPED,
    DELETING,
    DELETED;

    /** Provisioning is under way: the saga owns the server until it is ACTIVE or FAILED. */
    public boolean provisioning() {
        return this == REQUESTED || this == SCHEDULED || this == NETWORK_READY || this == BUILDING;
    }
}
