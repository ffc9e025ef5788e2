package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/** The server's Neutron port is back: {@code portId} holds its address and is plugged into its Nova server. */
public record ServerPortRepairedEvent(ServerId serverId, ClusterId clusterId, String portId, String address) {
}
