package io.ultron.sim.network;

import java.util.List;

/** Admin view of a port. */
public record PortView(String id, String name, String networkId, List<String> fixedIps, String deviceId,
                       String deviceOwner, String status, List<String> securityGroupIds) {
}
