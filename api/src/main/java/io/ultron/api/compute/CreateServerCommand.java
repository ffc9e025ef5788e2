package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * One server, already placed; it is a batch of one, so its progress reads like any batch's.
 *
 * @param vcpus the flavor's vCPUs (placement's unit, kept on the server for its reservation)
 * @param ramMb the flavor's RAM
 */
public record CreateServerCommand(@TargetAggregateIdentifier BatchId batchId, ServerSpec spec, PlacedServer server,
                                  int vcpus, int ramMb, String novaFlavorId) {
}
