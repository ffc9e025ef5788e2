package io.ultron.sagas.compute;

import io.ultron.api.compute.ServerId;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.sagas.openstack.ClusterExecutors;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The address commands of the server tasks, sent on threads of their own: a VPC's handler waits for its commit, and
 * the tasks are called on a saga's thread, which must not wait. One pool for every task that allocates or releases.
 */
@Component
class AddressCommands {

    private static final int THREADS = 16;
    /** Room for the address commands of several 1,000-server batches at once. */
    private static final int QUEUE = 10_000;
    /** Refusals of a release that mean the server holds the address no more: nothing left to release. */
    private static final Set<String> NOT_HELD = Set.of("address-not-held", "address-held-by-another");

    private final CommandGateway commands;
    private final ExecutorService threads = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUE), ClusterExecutors.namedDaemons("server-address-"));

    AddressCommands(CommandGateway commands) {
        this.commands = commands;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    /** Sends {@code command} with {@code trace} from the pool; a full pool is a failed future. */
    <R> CompletableFuture<R> send(Object command, MetaData trace) {
        Supplier<CompletableFuture<R>> dispatch = () -> commands.send(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(trace));
        try {
            return CompletableFuture.supplyAsync(dispatch, threads).thenCompose(sent -> sent);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(full);
        }
    }

    /** Releases the server's address; done as well when the server holds it no more. */
    CompletableFuture<Void> release(VpcId vpcId, SubnetId subnetId, String address, ServerId owner, MetaData trace) {
        return send(new ReleaseIpCommand(vpcId, subnetId, address, owner.value()), trace)
                .handle((released, failure) -> {
                    Throwable cause = ServerTaskReports.unwrap(failure);
                    if (cause == null || cause instanceof DomainException refused && NOT_HELD.contains(refused.code())) {
                        return null;
                    }
                    throw new CompletionException(cause);
                });
    }
}
