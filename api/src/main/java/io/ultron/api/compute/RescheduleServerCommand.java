package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** After a compensated reschedulable failure of attempt 1: placement picks another cluster of the IDC than {@code excludedClusters} (→ {@link ServerScheduledEvent} attempt 2), else the server fails (→ {@link ServerFailedEvent}). */
public record RescheduleServerCommand(@TargetAggregateIdentifier ServerId serverId, List<ClusterId> excludedClusters, String reason) {
}
