package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/** OpenStack task: start, stop or reboot the Nova server. Reports {@link RecordPowerActionCompletedCommand} or {@link RecordPowerActionFailedCommand}. */
public record PowerNovaServerCommand(ServerId serverId, ClusterId clusterId, PowerAction action) {
}
