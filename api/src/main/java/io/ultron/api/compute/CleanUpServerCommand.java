package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;

/** OpenStack task: delete the server and the port in {@code clusterId} (if any) and release the address (if any). Reports {@link RecordServerCompensatedCommand} ({@code deleting} false) or {@link RecordServerDeletedCommand} ({@code deleting} true), or {@link RecordServerCleanUpFailedCommand} / a failed compensation for a retry. */
public record CleanUpServerCommand(ServerId serverId, int attempt, ClusterId clusterId, VpcId vpcId, SubnetId subnetId, String address, boolean deleting) {
}
