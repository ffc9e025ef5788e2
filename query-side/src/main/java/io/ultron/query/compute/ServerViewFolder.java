package io.ultron.query.compute;

import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.ServerChangedOutsideEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionFailedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.query.audit.StateFolder;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.List;

/** A server's view rebuilt from its events, field for field what the compute-views projection keeps. */
final class ServerViewFolder implements StateFolder<ServerViewFolder.ServerState> {

    static final ServerViewFolder INSTANCE = new ServerViewFolder();

    private ServerViewFolder() {
    }

    /** Mutable: each fold works on a state made for one request. */
    static final class ServerState {
        String id;
        String batchId;
        ServerSpec spec;
        String clusterId;
        String subnetId;
        ServerStatus status;
        String address;
        String host;
        int attempt;
        String pendingAction;
        String failureReason;
        String novaServerId;
        Instant createdAt;
        Instant updatedAt;

        ServerView view() {
            return new ServerView(id, batchId, spec.tenant(), spec.name(), spec.vpcId().value(), spec.idc(), clusterId,
                    subnetId, status.name(), address, host, spec.flavor(), spec.image(),
                    spec.bootDisk() == null ? null : spec.bootDisk().name(), spec.diskGb(), List.copyOf(spec.securityGroups()),
                    spec.preemptible(), attempt, pendingAction, failureReason, novaServerId, createdAt, updatedAt);
        }
    }

    @Override
    public ServerState fold(ServerState state, DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        Instant time = event.getTimestamp();
        if (payload instanceof ServerRequestedEvent e) {
            ServerState created = new ServerState();
            created.id = e.serverId().value();
            created.batchId = e.batchId().value();
            created.spec = e.spec();
            created.status = ServerStatus.REQUESTED;
            created.createdAt = time;
            created.updatedAt = time;
            return created;
        }
        if (payload instanceof ServerAdoptedEvent e) {
            ServerState adopted = new ServerState();
            adopted.id = e.serverId().value();
            adopted.spec = e.spec();
            adopted.status = e.status();
            adopted.clusterId = e.clusterId().value();
            adopted.subnetId = e.subnetId().value();
            adopted.address = e.address();
            adopted.host = e.host();
            adopted.novaServerId = e.novaServerId();
            adopted.attempt = 1;
            adopted.createdAt = time;
            adopted.updatedAt = time;
            return adopted;
        }
        if (state == null) {
            return null;
        }
        if (payload instanceof ServerScheduledEvent e) {
            state.status = ServerStatus.SCHEDULED;
            state.clusterId = e.clusterId().value();
            state.subnetId = e.subnetId().value();
            state.attempt = e.attempt();
        } else if (payload instanceof ServerNetworkReadyEvent e) {
            state.status = ServerStatus.NETWORK_READY;
            state.clusterId = e.clusterId().value();
            state.subnetId = e.subnetId().value();
            state.address = e.address();
        } else if (payload instanceof ServerBuildingEvent e) {
            state.status = ServerStatus.BUILDING;
            state.novaServerId = e.novaServerId();
        } else if (payload instanceof ServerActiveEvent e) {
            state.status = ServerStatus.ACTIVE;
            state.clusterId = e.clusterId().value();
            state.host = e.host();
            state.address = e.address();
            state.failureReason = null;
        } else if (payload instanceof ServerProvisioningFailedEvent e) {
            state.failureReason = e.reason();
        } else if (payload instanceof ServerCompensatedEvent) {
            state.address = null;
            state.novaServerId = null;
            state.host = null;
        } else if (payload instanceof ServerFailedEvent e) {
            state.status = ServerStatus.FAILED;
            state.failureReason = e.reason();
        } else if (payload instanceof ServerPowerActionRequestedEvent e) {
            state.pendingAction = e.action().name();
        } else if (payload instanceof ServerPowerActionCompletedEvent e) {
            state.status = e.status();
            state.pendingAction = null;
        } else if (payload instanceof ServerPowerActionFailedEvent e) {
            state.pendingAction = null;
            state.failureReason = e.reason();
        } else if (payload instanceof ServerDeletionRequestedEvent) {
            state.status = ServerStatus.DELETING;
            state.pendingAction = null;
        } else if (payload instanceof ServerCleanUpFailedEvent e) {
            state.failureReason = e.reason();
        } else if (payload instanceof ServerDeletedEvent) {
            state.status = ServerStatus.DELETED;
        } else if (payload instanceof ServerChangedOutsideEvent e) {
            state.status = e.status();
            state.host = e.host();
            state.failureReason = e.fault();
        } else if (payload instanceof ServerVanishedEvent e) {
            state.status = ServerStatus.DELETED;
            state.pendingAction = null;
            state.failureReason = e.reason();
        } else {
            return state;
        }
        state.updatedAt = time;
        return state;
    }
}
