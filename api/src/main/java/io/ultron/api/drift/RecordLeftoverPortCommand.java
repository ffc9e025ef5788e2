package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * From a full sync: a port named {@code ultron-*} that nothing of Ultron's owns (its server failed, was deleted or
 * never was). Recorded the first time; answers the Neutron port id sync is to delete now, once it has been a leftover
 * for {@code grace}, or null. Sent again while its deletion is under way, it records nothing and answers the id again.
 */
public record RecordLeftoverPortCommand(@TargetAggregateIdentifier LeftoverPortId id, ClusterId clusterId, String neutronPortId,
                                        String name, List<String> fixedIps, Duration grace, Instant observedAt) {
}
