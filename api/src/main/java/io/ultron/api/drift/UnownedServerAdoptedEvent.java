package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ServerId;

/** The unmanaged server is Ultron's server {@code serverId} now: no longer drift. */
public record UnownedServerAdoptedEvent(UnownedServerId id, ClusterId clusterId, ServerId serverId) {
}
