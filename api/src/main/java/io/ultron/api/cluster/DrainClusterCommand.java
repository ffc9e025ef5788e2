package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code evacuate}: also move running workloads off (default: keep them, take no new work). */
public record DrainClusterCommand(@TargetAggregateIdentifier ClusterId clusterId, String reason, boolean evacuate) {
}
