package io.ultron.command.compute;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.compute.BatchCompletedEvent;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.BatchRequestedEvent;
import io.ultron.api.compute.BatchServerSettledEvent;
import io.ultron.api.compute.CreateServerCommand;
import io.ultron.api.compute.CreateServersCommand;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.RecordBatchServerSettledCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

/**
 * A batch of servers asked for by one request, and its progress. The batch creates its servers in the same unit of
 * work, so the batch and every one of its servers are stored in one transaction or not at all.
 */
@Aggregate(repository = "batchRepository")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Batch {

    public static final int MAX_SERVERS = 1000;

    @AggregateIdentifier
    private BatchId batchId;
    private int requested;
    private Set<ServerId> unsettled = new HashSet<>();
    private int active;
    private int failed;

    protected Batch() {
    }

    @CommandHandler
    Batch(CreateServerCommand command) throws Exception {
        create(command.batchId(), command.spec(), List.of(command.server()), command.vcpus(), command.ramMb(),
                command.novaFlavorId());
    }

    @CommandHandler
    Batch(CreateServersCommand command) throws Exception {
        create(command.batchId(), command.spec(), command.servers(), command.vcpus(), command.ramMb(),
                command.novaFlavorId());
    }

    private void create(BatchId id, ServerSpec spec, List<PlacedServer> servers, int vcpus, int ramMb,
                        String novaFlavorId) throws Exception {
        if (servers.isEmpty() || servers.size() > MAX_SERVERS) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-count",
                    "a batch holds 1 to " + MAX_SERVERS + " servers, not " + servers.size());
        }
        List<ServerId> ids = servers.stream().map(PlacedServer::serverId).toList();
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new DomainException(ErrorKind.BAD_INPUT, "duplicate-server-id", "a server id appears twice in the batch");
        }
        apply(new BatchRequestedEvent(id, spec.tenant(), spec.name(), servers.size(), ids));
        for (PlacedServer server : servers) {
            createNew(Server.class, () -> new Server(id, spec, server, vcpus, ramMb, novaFlavorId));
        }
    }

    /** Counted once per server, however often the outcome is reported. */
    @CommandHandler
    void handle(RecordBatchServerSettledCommand command) {
        if (!unsettled.contains(command.serverId())) {
            return;
        }
        apply(new BatchServerSettledEvent(batchId, command.serverId(), command.active(), command.reason()));
        if (unsettled.isEmpty()) {
            apply(new BatchCompletedEvent(batchId, requested, active, failed));
        }
    }

    @EventSourcingHandler
    void on(BatchRequestedEvent event) {
        batchId = event.batchId();
        requested = event.requested();
        unsettled = new HashSet<>(event.serverIds());
    }

    @EventSourcingHandler
    void on(BatchServerSettledEvent event) {
        unsettled.remove(event.serverId());
        if (event.active()) {
            active++;
        } else {
            failed++;
        }
    }
}
