package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/** OpenStack task: find or boot the Nova server on the port. Reports {@link RecordServerBuildingCommand} or {@link RecordServerProvisioningFailedCommand}. */
public record BootNovaServerCommand(ServerId serverId, int attempt, ClusterId clusterId, ServerSpec spec, String novaFlavorId, String portId) {
}
