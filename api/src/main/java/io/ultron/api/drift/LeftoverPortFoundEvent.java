package io.ultron.api.drift;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

/** Sync found a port named {@code ultron-*} that nothing of Ultron's owns. */
public record LeftoverPortFoundEvent(LeftoverPortId id, ClusterId clusterId, String neutronPortId, String name,
                                     List<String> fixedIps) {
}
