package io.ultron.api.compute;

/** How a server's Neutron port differs from what Ultron made: gone, or no longer its address or its server's. */
public enum PortDrift {
    /** No port {@code ultron-<serverId>} in the cluster. */
    MISSING,
    /** The port is there but no longer holds the server's address, or is no longer bound to its Nova server. */
    CHANGED
}
