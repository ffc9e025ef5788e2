package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.api.network.SubnetId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Brings a server made outside Ultron under management as {@code serverId} (its address already claimed in IPAM):
 * the server is created as its cluster shows it ({@code novaStatus}, {@code host}).
 */
public record AdoptServerCommand(@TargetAggregateIdentifier ServerId serverId, UnownedServerId unownedServerId, ServerSpec spec,
                                 int vcpus, int ramMb, String novaFlavorId, ClusterId clusterId, SubnetId subnetId,
                                 String address, String novaServerId, String novaStatus, String host) {
}
