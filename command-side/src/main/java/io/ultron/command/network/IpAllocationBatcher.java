package io.ultron.command.network;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.AllocateIpsCommand;
import io.ultron.api.network.AllocateIpsCommand.IpRequest;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.api.tenant.TenantScope;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Groups the allocations that arrive for one VPC while the previous group is being committed into a single
 * {@link AllocateIpsCommand}. A VPC's allocations are serial anyway (one aggregate, one event stream), and the
 * commit is what takes the time; sending them one by one would make every caller wait for every earlier commit.
 * At most one group per VPC is in flight on this node, and one across the deployment ({@link AllocationTurns}); each
 * caller still gets its own answer and its own trace id.
 */
@Component
public class IpAllocationBatcher {

    private final CommandGateway commands;
    private final AllocationTurns turns;
    private final int maxBatch;
    private final ExecutorService senders;
    private final Map<VpcId, VpcQueue> queues = new ConcurrentHashMap<>();

    IpAllocationBatcher(CommandGateway commands, AllocationTurns turns, @Value("${ultron.network.max-allocation-batch:100}") int maxBatch,
                        @Value("${ultron.network.allocation-senders:8}") int senders) {
        this.commands = commands;
        this.turns = turns;
        this.maxBatch = maxBatch;
        this.senders = Executors.newFixedThreadPool(senders, runnable -> {
            Thread thread = new Thread(runnable, "ip-allocation-batch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A REST caller's allocation: refused as not found when the VPC is not of one of {@code scope}'s tenants. */
    public CompletableFuture<IpAllocationOutcome> allocate(VpcId vpc, SubnetId subnet, ClusterId cluster, String owner,
                                                           TenantScope scope) {
        return allocate(vpc, subnet, cluster, owner, scope, null);
    }

    /** @param quotaReservation the address reserved in the tenant's quota for it, carried into its event; or null */
    public CompletableFuture<IpAllocationOutcome> allocate(VpcId vpc, SubnetId subnet, ClusterId cluster, String owner,
                                                           TenantScope scope, String quotaReservation) {
        return allocate(vpc, subnet, cluster, owner, scope.restriction(), false, quotaReservation);
    }

    /**
     * An internal allocation (a server's port).
     *
     * @param reuseHeld answer the address the owner already holds in the cluster, if any (see {@link IpRequest})
     */
    public CompletableFuture<IpAllocationOutcome> allocate(VpcId vpc, SubnetId subnet, ClusterId cluster, String owner,
                                                           boolean reuseHeld) {
        return allocate(vpc, subnet, cluster, owner, null, reuseHeld, null);
    }

    private CompletableFuture<IpAllocationOutcome> allocate(VpcId vpc, SubnetId subnet, ClusterId cluster, String owner,
                                                            Set<String> callerTenants, boolean reuseHeld, String quotaReservation) {
        String traceId = MDC.get("traceId");
        String actor = MDC.get("actor");
        var pending = new Pending(new IpRequest(subnet, cluster, owner, traceId != null ? traceId : java.util.UUID.randomUUID().toString(),
                actor != null ? actor : "anonymous", MDC.get("actorKeyId"), callerTenants, reuseHeld, quotaReservation), new CompletableFuture<>());
        VpcQueue queue = queues.computeIfAbsent(vpc, VpcQueue::new);
        queue.waiting.add(pending);
        if (queue.sending.compareAndSet(false, true)) {
            senders.execute(() -> drain(queue));
        }
        return pending.answer;
    }

    private void drain(VpcQueue queue) {
        while (true) {
            if (queue.waiting.isEmpty()) {
                queue.sending.set(false);
                // a request may have arrived between the last look and the flag: take the sending back if so
                if (queue.waiting.isEmpty() || !queue.sending.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            // the group is taken once the VPC's turn is had: what arrived while waiting for it goes along
            turns.inTurn(queue.vpc, () -> send(queue.vpc, take(queue)));
        }
    }

    private List<Pending> take(VpcQueue queue) {
        List<Pending> batch = new ArrayList<>();
        for (Pending next = queue.waiting.poll(); next != null; next = batch.size() < maxBatch ? queue.waiting.poll() : null) {
            batch.add(next);
        }
        return batch;
    }

    private void send(VpcId vpc, List<Pending> batch) {
        try {
            List<IpAllocationOutcome> outcomes = commands.sendAndWait(
                    new AllocateIpsCommand(vpc, batch.stream().map(Pending::request).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer.complete(outcomes.get(i));
            }
        } catch (RuntimeException failure) {
            batch.forEach(pending -> pending.answer.completeExceptionally(failure));
        }
    }

    private record Pending(IpRequest request, CompletableFuture<IpAllocationOutcome> answer) {
    }

    private static final class VpcQueue {
        final VpcId vpc;
        final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
        final AtomicBoolean sending = new AtomicBoolean();

        VpcQueue(VpcId vpc) {
            this.vpc = vpc;
        }
    }
}
