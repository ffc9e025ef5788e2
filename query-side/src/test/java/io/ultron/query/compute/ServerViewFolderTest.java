package io.ultron.query.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionFailedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerViewFolderTest {

    private static final ServerId ID = ServerId.of("srv-1");
    private static final BatchId BATCH = BatchId.of("batch-1");
    private static final VpcId VPC = VpcId.of("vpc-00000000-0000-0000-0000-000000000001");
    private static final SubnetId SUBNET = SubnetId.of(VPC, 1);
    private static final ClusterId AZ1 = ClusterId.of("cl-az1");
    private static final ClusterId AZ2 = ClusterId.of("cl-az2");
    private static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");

    private final Fold fold = new Fold();

    @Test
    void foldsAFirstAttemptThatFailsAndASecondThatSucceedsIntoTheView() {
        fold.apply(new ServerRequestedEvent(ID, BATCH, spec(), 2, 4096, "nova-flavor-1"));
        ServerView requested = fold.view();
        assertThat(requested.status()).isEqualTo("REQUESTED");
        assertThat(requested.tenant()).isEqualTo("team-a");
        assertThat(requested.securityGroups()).containsExactly("default", "web");
        assertThat(requested.bootDisk()).isEqualTo("CLOUD_DISK");
        assertThat(requested.createdAt()).isEqualTo(T0);

        fold.apply(new ServerScheduledEvent(ID, AZ1, SUBNET, 1));
        fold.apply(new ServerNetworkReadyEvent(ID, 1, AZ1, SUBNET, "11.0.0.4", "port-1"));
        fold.apply(new ServerBuildingEvent(ID, 1, AZ1, "nova-1"));
        ServerView building = fold.view();
        assertThat(building.status()).isEqualTo("BUILDING");
        assertThat(building.clusterId()).isEqualTo(AZ1.value());
        assertThat(building.address()).isEqualTo("11.0.0.4");
        assertThat(building.novaServerId()).isEqualTo("nova-1");

        fold.apply(new ServerProvisioningFailedEvent(ID, 1, AZ1, "build", "No valid host was found", true));
        assertThat(fold.view().status()).isEqualTo("BUILDING");
        assertThat(fold.view().failureReason()).isEqualTo("No valid host was found");

        fold.apply(new ServerCompensatedEvent(ID, 1, AZ1));
        ServerView compensated = fold.view();
        assertThat(compensated.address()).isNull();
        assertThat(compensated.novaServerId()).isNull();
        assertThat(compensated.host()).isNull();

        fold.apply(new ServerScheduledEvent(ID, AZ2, SUBNET, 2));
        assertThat(fold.view().status()).isEqualTo("SCHEDULED");
        assertThat(fold.view().clusterId()).isEqualTo(AZ2.value());
        assertThat(fold.view().attempt()).isEqualTo(2);

        fold.apply(new ServerNetworkReadyEvent(ID, 2, AZ2, SUBNET, "11.0.0.9", "port-2"));
        fold.apply(new ServerBuildingEvent(ID, 2, AZ2, "nova-2"));
        fold.apply(new ServerActiveEvent(ID, BATCH, 2, AZ2, "compute-7", "11.0.0.9"));
        ServerView active = fold.view();
        assertThat(active.status()).isEqualTo("ACTIVE");
        assertThat(active.host()).isEqualTo("compute-7");
        assertThat(active.address()).isEqualTo("11.0.0.9");
        assertThat(active.failureReason()).isNull();
        assertThat(active.createdAt()).isEqualTo(T0);
        assertThat(active.updatedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void powerActionsSetAndClearThePendingAction() {
        activeServer();

        fold.apply(new ServerPowerActionRequestedEvent(ID, AZ1, PowerAction.STOP));
        assertThat(fold.view().pendingAction()).isEqualTo("STOP");
        fold.apply(new ServerPowerActionCompletedEvent(ID, PowerAction.STOP, ServerStatus.STOPPED));
        assertThat(fold.view().status()).isEqualTo("STOPPED");
        assertThat(fold.view().pendingAction()).isNull();

        fold.apply(new ServerPowerActionRequestedEvent(ID, AZ1, PowerAction.START));
        fold.apply(new ServerPowerActionFailedEvent(ID, PowerAction.START, "hypervisor unreachable"));
        assertThat(fold.view().status()).isEqualTo("STOPPED");
        assertThat(fold.view().pendingAction()).isNull();
        assertThat(fold.view().failureReason()).isEqualTo("hypervisor unreachable");
    }

    @Test
    void deletionKeepsTheLastAddressAndEndsDeleted() {
        activeServer();

        fold.apply(new ServerDeletionRequestedEvent(ID, AZ1, VPC, SUBNET, "11.0.0.4", ServerStatus.ACTIVE));
        assertThat(fold.view().status()).isEqualTo("DELETING");
        fold.apply(new ServerDeletedEvent(ID));
        assertThat(fold.view().status()).isEqualTo("DELETED");
        assertThat(fold.view().address()).isEqualTo("11.0.0.4");
    }

    @Test
    void failedServerShowsTheReason() {
        fold.apply(new ServerRequestedEvent(ID, BATCH, spec(), 2, 4096, "nova-flavor-1"));
        fold.apply(new ServerFailedEvent(ID, BATCH, "no cluster left"));

        assertThat(fold.view().status()).isEqualTo("FAILED");
        assertThat(fold.view().failureReason()).isEqualTo("no cluster left");
    }

    @Test
    void nothingBeforeTheRequest() {
        assertThat(ServerViewFolder.INSTANCE.fold(null, message(0, new ServerDeletedEvent(ID), T0))).isNull();
    }

    private void activeServer() {
        fold.apply(new ServerRequestedEvent(ID, BATCH, spec(), 2, 4096, "nova-flavor-1"));
        fold.apply(new ServerScheduledEvent(ID, AZ1, SUBNET, 1));
        fold.apply(new ServerActiveEvent(ID, BATCH, 1, AZ1, "compute-1", "11.0.0.4"));
    }

    private static ServerSpec spec() {
        return new ServerSpec("team-a", "web-1", VPC, "bj-idc-1", "m1.small", "img-1", Capability.CLOUD_DISK, 40,
                List.of("default", "web"), false);
    }

    /** Events one second apart, numbered as the server's aggregate would number them. */
    private static final class Fold {
        ServerViewFolder.ServerState state;
        long sequence;

        void apply(Object payload) {
            state = ServerViewFolder.INSTANCE.fold(state, message(sequence, payload, T0.plusSeconds(sequence)));
            sequence++;
        }

        ServerView view() {
            return state.view();
        }
    }

    private static GenericDomainEventMessage<?> message(long sequence, Object payload, Instant time) {
        return new GenericDomainEventMessage<>("Server", ID.value(), sequence, payload, MetaData.emptyInstance(),
                "event-" + sequence, time);
    }
}
