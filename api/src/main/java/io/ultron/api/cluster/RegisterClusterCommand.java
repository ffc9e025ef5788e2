package io.ultron.api.cluster;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/**
 * Adds an OpenStack cluster to the fleet. {@code credentialsRef} names where the credentials live
 * (a configuration key or secret-store path); the credentials themselves never enter Ultron's events.
 */
public record RegisterClusterCommand(
        @TargetAggregateIdentifier ClusterId clusterId,
        String name,
        String area,
        String idc,
        String keystoneUrl,
        String credentialsRef,
        String release,
        Set<Capability> capabilities,
        int maxConcurrentCalls) {
}
