package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/** OpenStack task: read the build's status once. Reports {@link RecordServerActiveCommand} or {@link RecordServerProvisioningFailedCommand}; nothing while Nova is still building. */
public record CheckServerBuildCommand(ServerId serverId, int attempt, ClusterId clusterId) {
}
