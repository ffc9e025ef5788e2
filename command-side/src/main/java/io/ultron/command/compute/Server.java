package io.ultron.command.compute;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.AdoptServerCommand;
import io.ultron.api.compute.AdoptedServerNamedEvent;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.DeleteServerCommand;
import io.ultron.api.compute.FailServerCommand;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerServerCommand;
import io.ultron.api.compute.RecordAdoptedServerNamedCommand;
import io.ultron.api.compute.RecordPowerActionCompletedCommand;
import io.ultron.api.compute.RecordPowerActionFailedCommand;
import io.ultron.api.compute.RecordServerActiveCommand;
import io.ultron.api.compute.RecordServerBuildingCommand;
import io.ultron.api.compute.RecordServerCleanUpFailedCommand;
import io.ultron.api.compute.RecordServerCompensatedCommand;
import io.ultron.api.compute.RecordServerDeletedCommand;
import io.ultron.api.compute.RecordServerNetworkReadyCommand;
import io.ultron.api.compute.RecordServerObservedCommand;
import io.ultron.api.compute.RecordServerPortDriftCommand;
import io.ultron.api.compute.RecordServerPortRepairFailedCommand;
import io.ultron.api.compute.RecordServerPortRepairedCommand;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.RecordServerVanishedCommand;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerChangedOutsideEvent;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionFailedEvent;
import io.ultron.api.compute.ServerPortDriftedEvent;
import io.ultron.api.compute.ServerPortRepairFailedEvent;
import io.ultron.api.compute.ServerPortRepairedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerResourcesReleasedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.SubnetId;
import io.ultron.api.tenant.TenantScope;
import io.ultron.command.cluster.ClusterAvailability;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One server: its lifecycle and the facts its provisioning saga reports. Every report names the attempt it belongs
 * to; a report for another attempt, or one repeated after a retry or a crash, changes nothing, so the saga may
 * send a step again whenever it is unsure. Created by its {@link Batch}.
 */
@Aggregate(repository = "serverRepository")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Server {

    /** A failure of the first attempt may be retried once on another cluster. */
    static final int MAX_ATTEMPTS = 2;

    @AggregateIdentifier
    private ServerId serverId;
    private BatchId batchId;
    private ServerSpec spec;
    private int vcpus;
    private int ramMb;
    private ServerStatus status;
    private ClusterId clusterId;
    private SubnetId subnetId;
    private int attempt;
    private String address;
    private boolean failing;
    private boolean failureReschedulable;
    private boolean compensated;
    private PowerAction pendingAction;
    /** When Ultron last learnt the server's status (own action or sync): older observations say nothing new. */
    private Instant statusSince;
    private String host;
    /** Adopted, and its Nova server and port are not named after it yet: no action finds them before that. */
    private boolean naming;
    /** Vanished (DELETED by sync): its port and address are still to be released. */
    private boolean awaitingRelease;
    /** Sync found its Neutron port missing or changed, and the repair saga has not reported it repaired yet. */
    private boolean portRepairing;
    /** When its port was last repaired: a port reading older than that says nothing new. */
    private Instant portSince;

    protected Server() {
    }

    Server(BatchId batchId, ServerSpec spec, PlacedServer placed, int vcpus, int ramMb, String novaFlavorId) {
        apply(new ServerRequestedEvent(placed.serverId(), batchId, spec.named(placed.name()), vcpus, ramMb, novaFlavorId));
        apply(new ServerScheduledEvent(placed.serverId(), placed.clusterId(), placed.subnetId(), 1));
    }

    /** A server made outside Ultron, taken as it is; see {@code ServerAdoptionController}. */
    @CommandHandler
    Server(AdoptServerCommand command) {
        ServerStatus seen = ServerStatus.ofNova(command.novaStatus());
        apply(new ServerAdoptedEvent(command.serverId(), command.unownedServerId(), command.spec(), command.vcpus(),
                command.ramMb(), command.novaFlavorId(), command.clusterId(), command.subnetId(), command.address(),
                command.novaServerId(), seen == null ? ServerStatus.ACTIVE : seen, command.host()));
    }

    @CommandHandler
    void handle(RecordAdoptedServerNamedCommand command) {
        if (naming) {
            apply(new AdoptedServerNamedEvent(serverId, command.portId()));
        }
    }

    // ---- provisioning reports (from the saga's OpenStack tasks)

    @CommandHandler
    void handle(RecordServerNetworkReadyCommand command) {
        if (current(command.attempt()) && status == ServerStatus.SCHEDULED) {
            apply(new ServerNetworkReadyEvent(serverId, attempt, clusterId, command.subnetId(), command.address(),
                    command.portId()));
        }
    }

    @CommandHandler
    void handle(RecordServerBuildingCommand command) {
        if (current(command.attempt()) && status == ServerStatus.NETWORK_READY) {
            apply(new ServerBuildingEvent(serverId, attempt, clusterId, command.novaServerId()));
        }
    }

    @CommandHandler
    void handle(RecordServerActiveCommand command) {
        if (current(command.attempt()) && status == ServerStatus.BUILDING) {
            apply(new ServerActiveEvent(serverId, batchId, attempt, clusterId, command.host(),
                    command.address() != null ? command.address() : address));
        }
    }

    @CommandHandler
    void handle(RecordServerProvisioningFailedCommand command) {
        if (current(command.attempt()) && status.provisioning()) {
            apply(new ServerProvisioningFailedEvent(serverId, attempt, clusterId, command.step(), command.reason(),
                    command.reschedulable()));
        }
    }

    @CommandHandler
    void handle(RecordServerCompensatedCommand command) {
        if (command.attempt() == attempt && failing && !compensated) {
            apply(new ServerCompensatedEvent(serverId, attempt, clusterId));
        }
    }

    /**
     * What a second placement needs when this server's failed first attempt may go elsewhere: empty when there is
     * nothing to reschedule (not compensated yet, or no longer provisioning). See {@link ServerRescheduling}.
     */
    Optional<SecondAttempt> secondAttempt() {
        if (!compensated || !status.provisioning() || attempt >= MAX_ATTEMPTS || !failureReschedulable) {
            return Optional.empty();
        }
        return Optional.of(new SecondAttempt(serverId, spec, vcpus, ramMb));
    }

    record SecondAttempt(ServerId serverId, ServerSpec spec, int vcpus, int ramMb) {
    }

    /**
     * After a compensated failure: scheduled again where {@code placed} says (capacity already reserved), or failed
     * with {@code reason} when the failure may not be rescheduled or no other cluster had room ({@code placed} empty).
     */
    void rescheduled(Optional<PlacedServer> placed, String reason) {
        if (!compensated || !status.provisioning()) {
            return;
        }
        if (attempt >= MAX_ATTEMPTS || !failureReschedulable) {
            apply(new ServerFailedEvent(serverId, batchId, reason));
            return;
        }
        placed.ifPresentOrElse(
                server -> apply(new ServerScheduledEvent(serverId, server.clusterId(), server.subnetId(), attempt + 1)),
                () -> apply(new ServerFailedEvent(serverId, batchId, reason + "; no other cluster of " + spec.idc() + " has room")));
    }

    @CommandHandler
    void handle(FailServerCommand command) {
        if (status == ServerStatus.FAILED) {
            return;
        }
        require(status.provisioning() && (compensated || !failing), "server-not-failable",
                "a " + status + " server cannot be marked failed");
        apply(new ServerFailedEvent(serverId, batchId, command.reason()));
    }

    // ---- user actions

    /** Refused (503, nothing stored) while the server's cluster is DOWN: only that cluster can do it. */
    @CommandHandler
    void handle(PowerServerCommand command, ClusterAvailability clusters) {
        requireNoPendingAction();
        ServerStatus from = switch (command.action()) {
            case START -> ServerStatus.STOPPED;
            case STOP, REBOOT -> ServerStatus.ACTIVE;
        };
        require(status == from, "illegal-transition",
                "cannot " + command.action().name().toLowerCase() + " a server that is " + status + " (only when " + from + ")");
        clusters.requireNotDown(clusterId);
        apply(new ServerPowerActionRequestedEvent(serverId, clusterId, command.action()));
    }

    @CommandHandler
    void handle(RecordPowerActionCompletedCommand command) {
        if (pendingAction == command.action()) {
            ServerStatus after = command.action() == PowerAction.STOP ? ServerStatus.STOPPED : ServerStatus.ACTIVE;
            apply(new ServerPowerActionCompletedEvent(serverId, command.action(), after));
        }
    }

    @CommandHandler
    void handle(RecordPowerActionFailedCommand command) {
        if (pendingAction == command.action()) {
            apply(new ServerPowerActionFailedEvent(serverId, command.action(), command.reason()));
        }
    }

    // ---- what sync sees in the cluster

    @CommandHandler
    void handle(RecordServerObservedCommand command) {
        if (!observable(command.observedAt())) {
            return;
        }
        ServerStatus seen = ServerStatus.ofNova(command.novaStatus());
        ServerStatus next = seen == null ? status : seen;
        String fault = next == ServerStatus.ERROR ? command.fault() : null;
        boolean moved = command.host() != null && !command.host().equals(host);
        if (next != status || moved) {
            apply(new ServerChangedOutsideEvent(serverId, clusterId, command.novaStatus(), next,
                    command.host() != null ? command.host() : host, fault));
        }
    }

    @CommandHandler
    void handle(RecordServerVanishedCommand command) {
        if (observable(command.observedAt())) {
            apply(new ServerVanishedEvent(serverId, clusterId, spec.vpcId(), subnetId, address, status,
                    "gone from cluster " + clusterId.value()));
        }
    }

    /** Recorded once per repair: a drift seen again while the port is being repaired is the same drift. */
    @CommandHandler
    void handle(RecordServerPortDriftCommand command) {
        // an adopted server's port is named after it only once its adoption saga is done: not missing meanwhile
        if (observable(command.observedAt()) && !portRepairing && !naming
                && (portSince == null || command.observedAt().isAfter(portSince)) && address != null) {
            apply(new ServerPortDriftedEvent(serverId, clusterId, subnetId, address, command.novaServerId(), status,
                    command.drift(), command.detail()));
        }
    }

    @CommandHandler
    void handle(RecordServerPortRepairedCommand command) {
        if (portRepairing) {
            apply(new ServerPortRepairedEvent(serverId, clusterId, command.portId(), address));
        }
    }

    @CommandHandler
    void handle(RecordServerPortRepairFailedCommand command) {
        if (portRepairing && status.running()) {
            apply(new ServerPortRepairFailedEvent(serverId, command.reason(), command.attempt()));
        }
    }

    /**
     * Sync speaks of built servers only (the sagas own the others), never while a power action is under way, and not
     * with a reading older than what Ultron knows.
     */
    private boolean observable(Instant observedAt) {
        return status.running() && pendingAction == null && (statusSince == null || observedAt.isAfter(statusSince));
    }

    /** A REST caller of another tenant is told the server does not exist; see {@link TenantScope}. */
    @CommandHandlerInterceptor
    void onlyForItsTenant(CommandMessage<?> command) {
        if (!TenantScope.fromMetaData(command.getMetaData()).covers(spec.tenant())) {
            throw new DomainException(ErrorKind.NOT_FOUND, "server-not-found", "no server " + serverId);
        }
    }

    /** Refused (503, nothing stored) while the server's cluster is DOWN: its clean-up can only run there. */
    @CommandHandler
    void handle(DeleteServerCommand command, ClusterAvailability clusters) {
        require(status != ServerStatus.DELETING && status != ServerStatus.DELETED, "server-deleted",
                "server " + serverId + " is already " + status);
        require(!status.provisioning(), "server-provisioning",
                "server " + serverId + " is still being provisioned (" + status + "); delete it once it is ACTIVE or FAILED");
        requireNoPendingAction();
        clusters.requireNotDown(clusterId);
        apply(new ServerDeletionRequestedEvent(serverId, clusterId, spec.vpcId(), subnetId, address, status));
    }

    @CommandHandler
    void handle(RecordServerCleanUpFailedCommand command) {
        if (status == ServerStatus.DELETING || failing && !compensated || awaitingRelease) {
            apply(new ServerCleanUpFailedEvent(serverId, command.reason(), command.attempt()));
        }
    }

    @CommandHandler
    void handle(RecordServerDeletedCommand command) {
        if (status == ServerStatus.DELETING) {
            apply(new ServerDeletedEvent(serverId));
        } else if (awaitingRelease) {
            apply(new ServerResourcesReleasedEvent(serverId));
        }
    }

    /** A report of the attempt in progress that has not failed yet. */
    private boolean current(int reportedAttempt) {
        return reportedAttempt == attempt && !failing;
    }

    private void requireNoPendingAction() {
        if (naming) {
            throw new DomainException(ErrorKind.CONFLICT, "server-being-adopted",
                    "server " + serverId + " is being adopted: its Nova server is being named after it");
        }
        if (pendingAction != null) {
            throw new DomainException(ErrorKind.CONFLICT, "action-pending",
                    "server " + serverId + " is still doing " + pendingAction.name().toLowerCase());
        }
    }

    private static void require(boolean condition, String code, String message) {
        if (!condition) {
            throw new DomainException(ErrorKind.CONFLICT, code, message);
        }
    }

    // ---- state

    @EventSourcingHandler
    void on(ServerRequestedEvent event) {
        serverId = event.serverId();
        batchId = event.batchId();
        spec = event.spec();
        vcpus = event.vcpus();
        ramMb = event.ramMb();
        status = ServerStatus.REQUESTED;
    }

    @EventSourcingHandler
    void on(ServerAdoptedEvent event, @Timestamp Instant time) {
        serverId = event.serverId();
        spec = event.spec();
        vcpus = event.vcpus();
        ramMb = event.ramMb();
        status = event.status();
        statusSince = time;
        clusterId = event.clusterId();
        subnetId = event.subnetId();
        address = event.address();
        host = event.host();
        attempt = 1;
        naming = true;
    }

    @EventSourcingHandler
    void on(AdoptedServerNamedEvent event) {
        naming = false;
    }

    @EventSourcingHandler
    void on(ServerScheduledEvent event) {
        status = ServerStatus.SCHEDULED;
        clusterId = event.clusterId();
        subnetId = event.subnetId();
        attempt = event.attempt();
        address = null;
        failing = false;
        failureReschedulable = false;
        compensated = false;
    }

    @EventSourcingHandler
    void on(ServerNetworkReadyEvent event) {
        status = ServerStatus.NETWORK_READY;
        subnetId = event.subnetId();
        address = event.address();
    }

    @EventSourcingHandler
    void on(ServerBuildingEvent event) {
        status = ServerStatus.BUILDING;
    }

    @EventSourcingHandler
    void on(ServerActiveEvent event, @Timestamp Instant time) {
        status = ServerStatus.ACTIVE;
        statusSince = time;
        host = event.host();
        address = Objects.requireNonNullElse(event.address(), address);
    }

    @EventSourcingHandler
    void on(ServerProvisioningFailedEvent event) {
        failing = true;
        failureReschedulable = event.reschedulable();
    }

    @EventSourcingHandler
    void on(ServerCompensatedEvent event) {
        compensated = true;
        address = null;
    }

    @EventSourcingHandler
    void on(ServerFailedEvent event) {
        status = ServerStatus.FAILED;
    }

    @EventSourcingHandler
    void on(ServerPowerActionRequestedEvent event) {
        pendingAction = event.action();
    }

    @EventSourcingHandler
    void on(ServerPowerActionCompletedEvent event, @Timestamp Instant time) {
        pendingAction = null;
        status = event.status();
        statusSince = time;
    }

    @EventSourcingHandler
    void on(ServerChangedOutsideEvent event, @Timestamp Instant time) {
        status = event.status();
        host = event.host();
        statusSince = time;
    }

    @EventSourcingHandler
    void on(ServerVanishedEvent event) {
        status = ServerStatus.DELETED;
        awaitingRelease = true;
    }

    @EventSourcingHandler
    void on(ServerResourcesReleasedEvent event) {
        awaitingRelease = false;
        address = null;
    }

    @EventSourcingHandler
    void on(ServerPortDriftedEvent event) {
        portRepairing = true;
    }

    @EventSourcingHandler
    void on(ServerPortRepairedEvent event, @Timestamp Instant time) {
        portRepairing = false;
        portSince = time;
    }

    @EventSourcingHandler
    void on(ServerPowerActionFailedEvent event) {
        pendingAction = null;
    }

    @EventSourcingHandler
    void on(ServerDeletionRequestedEvent event) {
        status = ServerStatus.DELETING;
    }

    @EventSourcingHandler
    void on(ServerDeletedEvent event) {
        status = ServerStatus.DELETED;
    }
}
