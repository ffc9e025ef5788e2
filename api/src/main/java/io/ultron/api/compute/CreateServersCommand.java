package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * A batch of servers (up to 1,000), already placed; {@code spec.name()} is the name prefix. The batch and all its
 * servers are created in one transaction: none can be lost between them.
 */
public record CreateServersCommand(@TargetAggregateIdentifier BatchId batchId, ServerSpec spec,
                                   List<PlacedServer> servers, int vcpus, int ramMb, String novaFlavorId) {

    public CreateServersCommand {
        servers = List.copyOf(servers);
    }
}
