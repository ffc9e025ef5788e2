package io.ultron.sagas.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.PrepareServerNetworkCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import org.axonframework.messaging.MetaData;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;

/**
 * A server's network step waiting for its address (Neutron is still getting the cluster's slices): what it asks
 * again, with its trace, until when, and how often it asked. Stored with its retry (see {@link NetworkRetries}).
 */
record PendingNetwork(String serverId, int attempt, String vpcId, String subnetId, String clusterId,
                      HashMap<String, String> trace, long giveUpAtEpochMilli, int tries) implements Serializable {

    static PendingNetwork first(PrepareServerNetworkCommand command, MetaData trace, Instant giveUpAt) {
        HashMap<String, String> carried = new HashMap<>();
        trace.forEach((key, value) -> carried.put(key, String.valueOf(value)));
        return new PendingNetwork(command.serverId().value(), command.attempt(), command.vpcId().value(),
                command.subnetId().value(), command.clusterId().value(), carried, giveUpAt.toEpochMilli(), 1);
    }

    PendingNetwork next() {
        return new PendingNetwork(serverId, attempt, vpcId, subnetId, clusterId, trace, giveUpAtEpochMilli, tries + 1);
    }

    PrepareServerNetworkCommand command() {
        return new PrepareServerNetworkCommand(ServerId.of(serverId), attempt, VpcId.of(vpcId), SubnetId.of(subnetId),
                ClusterId.of(clusterId));
    }

    MetaData metaData() {
        return MetaData.from(trace);
    }

    Instant giveUpAt() {
        return Instant.ofEpochMilli(giveUpAtEpochMilli);
    }

    /** One retry per try of a step of an attempt: scheduling it twice stores it once. */
    String retryId() {
        return serverId + ":" + attempt + ":" + tries;
    }
}
