package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/** A step of {@code attempt} failed; the saga compensates. {@code reschedulable}: another cluster may succeed (no valid host, ERROR, build timeout). */
public record ServerProvisioningFailedEvent(ServerId serverId, int attempt, ClusterId clusterId, String step, String reason, boolean reschedulable) {
}
