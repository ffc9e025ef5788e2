package io.ultron.command.drift;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.LeftoverPortDeletedEvent;
import io.ultron.api.drift.LeftoverPortDeletionStartedEvent;
import io.ultron.api.drift.LeftoverPortFoundEvent;
import io.ultron.api.drift.LeftoverPortId;
import io.ultron.api.drift.RecordLeftoverPortCommand;
import io.ultron.api.drift.RecordLeftoverPortDeletedCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A Neutron port named {@code ultron-*} that full syncs find and nothing of Ultron's owns: found, then, after the
 * grace period, deleted. A port gone meanwhile (its owner's clean-up caught up) is simply never reported again.
 */
@Aggregate
public class LeftoverPort {

    @AggregateIdentifier
    private LeftoverPortId id;
    private ClusterId clusterId;
    private String neutronPortId;
    private Instant foundAt;
    private boolean deletionStarted;
    private boolean deleted;

    protected LeftoverPort() {
        // for Axon's event sourcing, and for the first reading (created if missing)
    }

    /** @return the port sync is to delete now, or null */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(RecordLeftoverPortCommand command) {
        if (deleted) {
            return null;
        }
        if (id == null) {
            apply(new LeftoverPortFoundEvent(command.id(), command.clusterId(), command.neutronPortId(), command.name(),
                    command.fixedIps()));
        }
        if (!deletionStarted && !foundAt.plus(command.grace()).isAfter(command.observedAt())) {
            apply(new LeftoverPortDeletionStartedEvent(id, clusterId, neutronPortId));
        }
        return deletionStarted ? neutronPortId : null;
    }

    @CommandHandler
    public void handle(RecordLeftoverPortDeletedCommand command) {
        if (deletionStarted && !deleted) {
            apply(new LeftoverPortDeletedEvent(id, clusterId, neutronPortId));
        }
    }

    @EventSourcingHandler
    void on(LeftoverPortFoundEvent event, @Timestamp Instant time) {
        id = event.id();
        clusterId = event.clusterId();
        neutronPortId = event.neutronPortId();
        foundAt = time;
    }

    @EventSourcingHandler
    void on(LeftoverPortDeletionStartedEvent event) {
        deletionStarted = true;
    }

    @EventSourcingHandler
    void on(LeftoverPortDeletedEvent event) {
        deleted = true;
    }
}
