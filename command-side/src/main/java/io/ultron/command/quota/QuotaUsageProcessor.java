package io.ultron.command.quota;

import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpReleasedEvent;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.api.network.VpcId;
import io.ultron.api.quota.AddressCount;
import io.ultron.api.quota.CountAddressesCommand;
import io.ultron.api.quota.ReleaseServersCommand;
import io.ultron.api.quota.ReleaseVpcCommand;
import io.ultron.api.quota.ReserveServersCommand;
import io.ultron.api.quota.ReserveVpcCommand;
import io.ultron.api.quota.ServerHolding;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Makes each tenant's quota usage follow the events, for every tenant (so a quota set later starts from what the
 * tenant really has): servers and VPCs are held when created (already held when the REST request reserved them) and
 * given back when deleted; addresses are counted per VPC as they are allocated and released, a REST allocation's
 * address consuming its reservation. Every command is idempotent (keyed holdings, per-VPC sequence numbers), and a
 * failure is thrown back to the processor, which handles the events again (see {@link QuotaConfiguration}). One
 * segment: each tenant's quota is changed by one thread, and each VPC's events are counted in order.
 * <p>
 * The servers and addresses of one batch of events are sent as one command per tenant (and VPC) when the batch
 * commits, not one per event: a batch of 1,000 servers, or a burst of allocations, is a few events of the quota, not
 * one each. Each command runs in a unit of work (and transaction) of its own, on a thread of its own, waited for:
 * nested in the processor's batch it would keep the tenant's quota locked, and its events unwritten, until the whole
 * batch commits, so a REST request's reservation on another node would make the batch fail at its end. On its own, a
 * command that loses such a race is handled again at once on fresh state (the command gateway's retry).
 */
@Component
@ProcessingGroup(QuotaUsageProcessor.GROUP)
class QuotaUsageProcessor {

    static final String GROUP = "quota-usage";
    /** The metadata key of an IpAllocatedEvent that answers a REST allocation which reserved its address. */
    static final String RESERVATION = QuotaMetaData.RESERVATION;
    private static final String PENDING = QuotaUsageProcessor.class.getName() + ".pending";

    private final CommandGateway commands;
    private final QuotaOwners owners;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quota-usage-commands");
        thread.setDaemon(true);
        return thread;
    });

    QuotaUsageProcessor(CommandGateway commands, QuotaOwners owners) {
        this.commands = commands;
        this.owners = owners;
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }

    @EventHandler
    void on(VpcCreatedEvent event) {
        send(new ReserveVpcCommand(event.tenant(), event.vpcId(), false));
    }

    @EventHandler
    void on(VpcDeletedEvent event) {
        owners.tenantOf(event.vpcId()).ifPresent(tenant -> send(new ReleaseVpcCommand(tenant, event.vpcId())));
    }

    @EventHandler
    void on(ServerRequestedEvent event) {
        hold(event.spec().tenant(), new ServerHolding(event.serverId(), event.vcpus(), event.ramMb()));
    }

    @EventHandler
    void on(ServerAdoptedEvent event) {
        hold(event.spec().tenant(), new ServerHolding(event.serverId(), event.vcpus(), event.ramMb()));
    }

    private void hold(String tenant, ServerHolding server) {
        pending().add("hold " + tenant, new ArrayList<ServerHolding>(), holdings -> new ReserveServersCommand(tenant, holdings, false))
                .add(server);
    }

    @EventHandler
    void on(ServerDeletedEvent event) {
        owners.tenantOf(event.serverId()).ifPresent(tenant -> pending()
                .add("release " + tenant, new ArrayList<ServerId>(), ids -> new ReleaseServersCommand(tenant, ids))
                .add(event.serverId()));
    }

    @EventHandler
    void on(IpAllocatedEvent event, @SequenceNumber long sequence, @MetaDataValue(RESERVATION) String reservation) {
        count(event.vpcId(), new AddressCount(sequence, 1, reservation));
    }

    @EventHandler
    void on(IpReleasedEvent event, @SequenceNumber long sequence) {
        count(event.vpcId(), new AddressCount(sequence, -1, null));
    }

    private void count(VpcId vpc, AddressCount count) {
        owners.tenantOf(vpc).ifPresent(tenant -> pending()
                .add("count " + tenant + " " + vpc.value(), new ArrayList<AddressCount>(), counts -> new CountAddressesCommand(tenant, vpc, counts))
                .add(count));
    }

    /** What the current batch of events has to send, sent as it commits (a failure rolls the batch back). */
    private Pending pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            Pending pending = new Pending();
            batch.onPrepareCommit(unit -> pending.commands().forEach(this::send));
            return pending;
        });
    }

    /** Sends and waits on the sender thread; a failure is thrown here, to the processor. */
    private void send(Object command) {
        try {
            sender.submit(() -> commands.sendAndWait(command)).get();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording quota usage", interrupted);
        }
    }

    /**
     * One command per key (tenant, and VPC for addresses), collecting its items in the events' order; commands go in
     * the order their keys first appeared (a server's hold before its release: they are different keys, and the hold
     * comes first).
     */
    private static final class Pending {

        private final Map<String, Entry<?>> entries = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        <T> List<T> add(String key, List<T> empty, Function<List<T>, Object> command) {
            return ((Entry<T>) entries.computeIfAbsent(key, k -> new Entry<>(empty, command))).items;
        }

        List<Object> commands() {
            return entries.values().stream().map(Entry::command).toList();
        }

        private record Entry<T>(List<T> items, Function<List<T>, Object> make) {
            Object command() {
                return make.apply(items);
            }
        }
    }
}
