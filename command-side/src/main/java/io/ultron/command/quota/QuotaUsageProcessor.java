package io.ultron.command.quota;

import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpReleasedEvent;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.api.network.VpcId;
import io.ultron.api.quota.CountAddressesCommand;
import io.ultron.api.quota.ReleaseServersCommand;
import io.ultron.api.quota.ReleaseVpcCommand;
import io.ultron.api.quota.ReserveServersCommand;
import io.ultron.api.quota.ReserveVpcCommand;
import io.ultron.api.quota.ServerHolding;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes each tenant's quota usage follow the events, for every tenant (so a quota set later starts from what the
 * tenant really has): servers and VPCs are held when created (already held when the REST request reserved them) and
 * given back when deleted; addresses are counted per VPC as they are allocated and released, a REST allocation's
 * address consuming its reservation. Every command is idempotent (keyed holdings, per-VPC sequence numbers), and a
 * failure is thrown back to the processor, which handles the events again (see {@link QuotaConfiguration}). One
 * segment: each tenant's quota is changed by one thread, and each VPC's events are counted in order.
 * <p>
 * Each command runs in a unit of work (and transaction) of its own, on a thread of its own, waited for: nested in the
 * processor's batch it would keep the tenant's quota locked, and its events unwritten, until the whole batch commits,
 * so a REST request's reservation on another node would make the batch fail at its end. On its own, a command that
 * loses such a race is handled again at once on fresh state (the command gateway's retry), like any other command.
 */
@Component
@ProcessingGroup(QuotaUsageProcessor.GROUP)
class QuotaUsageProcessor {

    static final String GROUP = "quota-usage";
    /** The metadata key of an IpAllocatedEvent that answers a REST allocation which reserved its address. */
    static final String RESERVATION = QuotaMetaData.RESERVATION;

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
        send(new ReserveServersCommand(event.spec().tenant(),
                List.of(new ServerHolding(event.serverId(), event.vcpus(), event.ramMb())), false));
    }

    @EventHandler
    void on(ServerDeletedEvent event) {
        owners.tenantOf(event.serverId()).ifPresent(tenant ->
                send(new ReleaseServersCommand(tenant, List.of(event.serverId()))));
    }

    @EventHandler
    void on(IpAllocatedEvent event, @SequenceNumber long sequence, @MetaDataValue(RESERVATION) String reservation) {
        count(event.vpcId(), 1, sequence, reservation);
    }

    @EventHandler
    void on(IpReleasedEvent event, @SequenceNumber long sequence) {
        count(event.vpcId(), -1, sequence, null);
    }

    private void count(VpcId vpc, int delta, long sequence, String reservation) {
        owners.tenantOf(vpc).ifPresent(tenant -> send(new CountAddressesCommand(tenant, vpc, delta, sequence, reservation)));
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
}
