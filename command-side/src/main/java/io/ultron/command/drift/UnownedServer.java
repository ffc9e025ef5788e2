package io.ultron.command.drift;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ServerId;
import io.ultron.api.drift.RecordUnownedServerAdoptedCommand;
import io.ultron.api.drift.UnownedServerAdoptedEvent;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.drift.DeleteLeftoverServerCommand;
import io.ultron.api.drift.LeftoverServerDeletedEvent;
import io.ultron.api.drift.LeftoverServerDeletionStartedEvent;
import io.ultron.api.drift.RecordLeftoverServerDeletedCommand;
import io.ultron.api.drift.RecordUnownedServerCommand;
import io.ultron.api.drift.RecordUnownedServerGoneCommand;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.drift.UnownedServerChangedEvent;
import io.ultron.api.drift.UnownedServerFoundEvent;
import io.ultron.api.drift.UnownedServerGoneEvent;
import io.ultron.api.drift.UnownedServerId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A Nova server that sync found in a cluster and no Ultron server owns (see {@link UnownedKind}), from the moment it
 * is found until it is gone, owned after all, or (a leftover) deleted. Sync sends what it sees on every reading that
 * differs from the drift view; this aggregate records only what is new, so a repeated reading stores nothing.
 */
@Aggregate
public class UnownedServer {

    @AggregateIdentifier
    private UnownedServerId id;
    private ClusterId clusterId;
    private String novaServerId;
    private String name;
    private UnownedKind kind;
    private String novaStatus;
    private String host;
    private List<String> addresses;
    /** Still in the cluster and unowned. */
    private boolean present;
    private Instant foundAt;
    private boolean deletionStarted;
    private ServerId adoptedAs;
    /** The reading behind the last change: an older reading says nothing new. */
    private Instant observedAt;

    protected UnownedServer() {
        // for Axon's event sourcing, and for the first reading (created if missing)
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordUnownedServerCommand command) {
        if (observedAt != null && !command.observedAt().isAfter(observedAt)) {
            return;
        }
        List<String> seenAddresses = command.addresses() == null ? List.of() : List.copyOf(command.addresses());
        if (!present) {
            apply(new UnownedServerFoundEvent(command.id(), command.clusterId(), command.novaServerId(), command.name(),
                    UnownedKind.ofName(command.name()), command.novaStatus(), command.host(), seenAddresses,
                    command.observedAt()));
        } else if (!Objects.equals(novaStatus, command.novaStatus()) || !Objects.equals(host, command.host())
                || !addresses.equals(seenAddresses)) {
            apply(new UnownedServerChangedEvent(id, clusterId, command.novaStatus(), command.host(), seenAddresses,
                    command.observedAt()));
        }
    }

    @CommandHandler
    public void handle(RecordUnownedServerGoneCommand command) {
        if (present && (observedAt == null || command.observedAt().isAfter(observedAt))) {
            apply(new UnownedServerGoneEvent(id, clusterId, command.reason(), command.observedAt()));
        }
    }

    /**
     * @return the Nova server sync is to delete now (its deletion started, now or earlier, and is not done), or null
     */
    @CommandHandler
    public String handle(DeleteLeftoverServerCommand command) {
        if (!present || kind != UnownedKind.LEFTOVER) {
            return null;
        }
        if (!deletionStarted && !foundAt.plus(command.grace()).isAfter(command.now())) {
            apply(new LeftoverServerDeletionStartedEvent(id, clusterId, novaServerId, name));
        }
        return deletionStarted ? novaServerId : null;
    }

    @CommandHandler
    public void handle(RecordLeftoverServerDeletedCommand command) {
        if (present && deletionStarted) {
            apply(new LeftoverServerDeletedEvent(id, clusterId, novaServerId));
        }
    }

    /** Once; again for the same server is a no-op (a retried adoption). */
    @CommandHandler
    public void handle(RecordUnownedServerAdoptedCommand command) {
        if (command.serverId().equals(adoptedAs)) {
            return;
        }
        if (!present || kind != UnownedKind.UNMANAGED) {
            throw new DomainException(ErrorKind.CONFLICT, "not-adoptable", "server " + id + " is no longer unmanaged");
        }
        apply(new UnownedServerAdoptedEvent(id, clusterId, command.serverId()));
    }

    @EventSourcingHandler
    void on(UnownedServerFoundEvent event, @Timestamp Instant time) {
        id = event.id();
        clusterId = event.clusterId();
        novaServerId = event.novaServerId();
        name = event.name();
        kind = event.kind();
        novaStatus = event.novaStatus();
        host = event.host();
        addresses = event.addresses();
        present = true;
        foundAt = time;
        deletionStarted = false;
        observedAt = event.observedAt();
    }

    @EventSourcingHandler
    void on(UnownedServerChangedEvent event) {
        novaStatus = event.novaStatus();
        host = event.host();
        addresses = event.addresses();
        observedAt = event.observedAt();
    }

    @EventSourcingHandler
    void on(UnownedServerGoneEvent event) {
        present = false;
        observedAt = event.observedAt();
    }

    @EventSourcingHandler
    void on(LeftoverServerDeletionStartedEvent event) {
        deletionStarted = true;
    }

    @EventSourcingHandler
    void on(UnownedServerAdoptedEvent event) {
        present = false;
        adoptedAs = event.serverId();
    }

    @EventSourcingHandler
    void on(LeftoverServerDeletedEvent event) {
        present = false;
    }
}
