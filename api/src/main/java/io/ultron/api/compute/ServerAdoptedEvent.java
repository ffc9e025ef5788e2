package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.api.network.SubnetId;

/**
 * A server made outside Ultron is now Ultron's: it has the tenant's spec, its address is held in IPAM, and it is as
 * its cluster showed it ({@code status}). Its Nova server and port are named after it next
 * ({@link AdoptedServerNamedEvent}); until then it takes no action.
 */
public record ServerAdoptedEvent(ServerId serverId, UnownedServerId unownedServerId, ServerSpec spec, int vcpus, int ramMb,
                                 String novaFlavorId, ClusterId clusterId, SubnetId subnetId, String address,
                                 String novaServerId, ServerStatus status, String host) {
}
