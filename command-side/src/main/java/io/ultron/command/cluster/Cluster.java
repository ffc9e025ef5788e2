package io.ultron.command.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterCapacityBecameKnownEvent;
import io.ultron.api.cluster.ClusterCapacityBecameUnknownEvent;
import io.ultron.api.cluster.ClusterCapabilitiesUpdatedEvent;
import io.ultron.api.cluster.ClusterDrainedEvent;
import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.DrainClusterCommand;
import io.ultron.api.cluster.EnableClusterCommand;
import io.ultron.api.cluster.MarkClusterCapacityKnownCommand;
import io.ultron.api.cluster.MarkClusterCapacityUnknownCommand;
import io.ultron.api.cluster.ClusterHealth;
import io.ultron.api.cluster.ClusterHealthChangedEvent;
import io.ultron.api.cluster.RecordClusterHealthCommand;
import io.ultron.api.cluster.RegisterClusterCommand;
import io.ultron.api.cluster.UpdateClusterCapabilitiesCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.EnumSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One OpenStack cluster of the fleet: its registration, capabilities, whether it takes new work, and whether its
 * capacity can be read (placement skips a cluster whose capacity cannot).
 */
@Aggregate
public class Cluster {

    /** What of a capacity failure's reason the view keeps (its column holds 512 characters). */
    static final int MAX_REASON = 500;

    @AggregateIdentifier
    private ClusterId clusterId;
    private Set<Capability> capabilities;
    private ClusterStatus status;
    private boolean capacityUnknown;
    /** Null until the first sync. */
    private ClusterHealth health;

    protected Cluster() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Cluster(RegisterClusterCommand command, ClusterRegistry registry) {
        ClusterRules.checkRegistration(command);
        // Set-based rules (unique name, IDC size) need every cluster, so the registry checks them
        // in this command's database transaction: a rejected command stores nothing.
        registry.claim(command.clusterId(), command.name(), command.idc());
        apply(new ClusterRegisteredEvent(command.clusterId(), command.name(), command.area(), command.idc(),
                command.keystoneUrl(), command.credentialsRef(), command.release(),
                Set.copyOf(command.capabilities()), command.maxConcurrentCalls()));
    }

    @CommandHandler
    public void handle(UpdateClusterCapabilitiesCommand command) {
        ClusterRules.checkCapabilities(command.capabilities());
        if (command.capabilities().equals(capabilities)) {
            return;
        }
        apply(new ClusterCapabilitiesUpdatedEvent(clusterId, Set.copyOf(command.capabilities())));
    }

    /** Draining twice is not an error: the operator's intent already holds. */
    @CommandHandler
    public void handle(DrainClusterCommand command, ClusterRegistry registry) {
        if (status == ClusterStatus.DRAINING) {
            return;
        }
        registry.statusChanged(clusterId, ClusterStatus.DRAINING);
        apply(new ClusterDrainedEvent(clusterId, command.reason(), command.evacuate()));
    }

    @CommandHandler
    public void handle(EnableClusterCommand command, ClusterRegistry registry) {
        if (status == ClusterStatus.ACTIVE) {
            return;
        }
        registry.statusChanged(clusterId, ClusterStatus.ACTIVE);
        apply(new ClusterEnabledEvent(clusterId));
    }

    /** Marked once per outage: the conductors report every failed read, the history keeps when it started. */
    @CommandHandler
    public void handle(MarkClusterCapacityUnknownCommand command) {
        if (capacityUnknown) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank() ? "unknown reason" : command.reason();
        apply(new ClusterCapacityBecameUnknownEvent(clusterId,
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason));
    }

    @CommandHandler
    public void handle(MarkClusterCapacityKnownCommand command) {
        if (capacityUnknown) {
            apply(new ClusterCapacityBecameKnownEvent(clusterId));
        }
    }

    /** Recorded when it changes only: a sync every 30 s of a healthy cluster leaves no trace. */
    @CommandHandler
    public void handle(RecordClusterHealthCommand command) {
        if (command.health() != health) {
            String reason = command.reason() == null || command.reason().length() <= MAX_REASON ? command.reason()
                    : command.reason().substring(0, MAX_REASON - 3) + "...";
            apply(new ClusterHealthChangedEvent(clusterId, command.health(), reason));
        }
    }

    @EventSourcingHandler
    void on(ClusterHealthChangedEvent event) {
        health = event.health();
    }

    @EventSourcingHandler
    void on(ClusterRegisteredEvent event) {
        clusterId = event.clusterId();
        capabilities = event.capabilities().isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(event.capabilities());
        status = ClusterStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(ClusterCapabilitiesUpdatedEvent event) {
        capabilities = event.capabilities().isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(event.capabilities());
    }

    @EventSourcingHandler
    void on(ClusterDrainedEvent event) {
        status = ClusterStatus.DRAINING;
    }

    @EventSourcingHandler
    void on(ClusterEnabledEvent event) {
        status = ClusterStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(ClusterCapacityBecameUnknownEvent event) {
        capacityUnknown = true;
    }

    @EventSourcingHandler
    void on(ClusterCapacityBecameKnownEvent event) {
        capacityUnknown = false;
    }
}
