package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;

/**
 * Sync found the server gone from its cluster (deleted outside Ultron): it is DELETED. Its port and address are
 * released after the vanish grace period ({@link ServerResourcesReleasedEvent}), not at once, so that an operator
 * can still see what the server held and a wrong reading cannot hand its address out again straight away.
 */
public record ServerVanishedEvent(ServerId serverId, ClusterId clusterId, VpcId vpcId, SubnetId subnetId,
                                  String address, ServerStatus previousStatus, String reason) {
}
