package io.ultron.command.compute;

import io.ultron.api.compute.AllocateServerAddressCommand;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.command.network.IpAllocationBatcher;
import org.axonframework.commandhandling.CommandHandler;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletionException;

/**
 * A server's address: owned by the server id, and handed back unchanged when the server's saga asks again after a
 * crash or retry, so a retried step never takes a second address. Goes through the {@link IpAllocationBatcher},
 * so the addresses of a whole batch of servers are committed in a few VPC transactions, not one each.
 */
@Component
class ServerAddresses {

    private final IpAllocationBatcher batcher;

    ServerAddresses(IpAllocationBatcher batcher) {
        this.batcher = batcher;
    }

    @CommandHandler
    IpAllocationOutcome handle(AllocateServerAddressCommand command) {
        try {
            IpAllocationOutcome outcome = batcher.allocate(command.vpcId(), command.subnetId(), command.clusterId(),
                    command.serverId().value(), true).join();
            if (outcome instanceof IpAllocationOutcome.Refused refused) {
                throw new DomainException(refused.kind(), refused.code(), refused.message());
            }
            return outcome;
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }
}
