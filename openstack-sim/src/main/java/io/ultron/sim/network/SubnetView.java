package io.ultron.sim.network;

import java.util.List;

/** Admin view of a subnet: its pools and every allocated address. */
public record SubnetView(String id, String name, String networkId, String cidr, String gatewayIp,
                         List<String> allocationPools, List<String> allocatedIps) {
}
