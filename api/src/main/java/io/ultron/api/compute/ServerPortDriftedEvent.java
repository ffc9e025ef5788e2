package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;

/**
 * Sync found the server's Neutron port missing or changed outside Ultron; the port repair saga recreates it with
 * the server's own address (never a new one) and attaches it to the Nova server.
 *
 * @param status the server's status then: an ERROR server's port is recreated but not attached (Nova refuses it)
 */
public record ServerPortDriftedEvent(ServerId serverId, ClusterId clusterId, SubnetId subnetId, String address,
                                     String novaServerId, ServerStatus status, PortDrift drift, String detail) {
}
