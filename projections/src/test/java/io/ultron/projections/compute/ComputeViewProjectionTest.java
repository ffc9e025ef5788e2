package io.ultron.projections.compute;

import io.ultron.api.drift.UnownedServerId;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchCompletedEvent;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.BatchRequestedEvent;
import io.ultron.api.compute.BatchServerSettledEvent;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerChangedOutsideEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
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
import io.ultron.api.compute.ServerVanishedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.projections.support.Events;
import io.ultron.projections.support.ProjectionDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ultron.projections.support.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/** Given server and batch events, the rows of server_view and batch_view (ComputeViewProjection). */
class ComputeViewProjectionTest {

    // whole seconds: MySQL Connector/J drops the fraction of a Timestamp parameter when the server reports a version
    // below 5.6.4, as MariaDB 10.x does ("5.5.5-10.11...")
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final VpcId VPC = VpcId.random();
    private static final SubnetId SUBNET = SubnetId.of(VPC, 1);
    private static final ClusterId CLUSTER_A = ClusterId.of("cl-a");
    private static final ClusterId CLUSTER_B = ClusterId.of("cl-b");

    @RegisterExtension
    static final ProjectionDatabase database = new ProjectionDatabase(ComputeViewProjection::new);

    @Test
    void aRequestedServerHasItsSpecAndNoPlacementYet() {
        ServerId id = ServerId.random();
        BatchId batch = BatchId.random();
        database.projector().deliver(requested(id, batch, spec("web-1"), T0));

        assertThat(server(id)).isEqualTo(requestedRow(id, batch, "web-1"));
    }

    @Test
    void aServerWithoutBootDiskOrSecurityGroupsHasNullAndAnEmptyList() {
        ServerId id = ServerId.random();
        ServerSpec spec = new ServerSpec("tenant-a", "bare-1", VPC, "fra-idc-1", "m1.small", "img-1", null, 0, null, false);
        database.projector().deliver(requested(id, BatchId.random(), spec, T0));

        assertThat(server(id)).containsAllEntriesOf(row("boot_disk", null, "disk_gb", 0, "security_groups", "[]", "preemptible", false));
    }

    /** Every server handler, in the order a server lives through them, with the whole row after each. */
    @Test
    void aServerThroughItsWholeLife() {
        ServerId id = ServerId.random();
        BatchId batch = BatchId.random();
        Map<String, Object> expected = requestedRow(id, batch, "web-2");
        Life life = new Life(id, expected);

        life.on(requested(id, batch, spec("web-2"), T0), row());
        life.next(new ServerScheduledEvent(id, CLUSTER_A, SUBNET, 1),
                row("status", "SCHEDULED", "cluster_id", "cl-a", "subnet_id", SUBNET.value(), "attempt", 1));
        life.next(new ServerNetworkReadyEvent(id, 1, CLUSTER_A, SUBNET, "10.0.0.5", "port-1"),
                row("status", "NETWORK_READY", "address", "10.0.0.5"));
        life.next(new ServerBuildingEvent(id, 1, CLUSTER_A, "nova-1"),
                row("status", "BUILDING", "nova_server_id", "nova-1"));
        // the status stays while the saga compensates
        life.next(new ServerProvisioningFailedEvent(id, 1, CLUSTER_A, "boot", "No valid host", true),
                row("failure_reason", "No valid host"));
        // the attempt's address, Nova server and host are gone; its cluster stays until rescheduled
        life.next(new ServerCompensatedEvent(id, 1, CLUSTER_A),
                row("address", null, "nova_server_id", null, "host", null));
        life.next(new ServerScheduledEvent(id, CLUSTER_B, SUBNET, 2),
                row("status", "SCHEDULED", "cluster_id", "cl-b", "attempt", 2));
        life.next(new ServerNetworkReadyEvent(id, 2, CLUSTER_B, SUBNET, "10.0.0.9", "port-2"),
                row("status", "NETWORK_READY", "address", "10.0.0.9"));
        life.next(new ServerBuildingEvent(id, 2, CLUSTER_B, "nova-2"),
                row("status", "BUILDING", "nova_server_id", "nova-2"));
        // made it on the second attempt: the first attempt's failure no longer shows
        life.next(new ServerActiveEvent(id, batch, 2, CLUSTER_B, "compute-17", "10.0.0.9"),
                row("status", "ACTIVE", "host", "compute-17", "failure_reason", null));
        life.next(new ServerPowerActionRequestedEvent(id, CLUSTER_B, PowerAction.STOP),
                row("pending_action", "STOP"));
        life.next(new ServerPowerActionCompletedEvent(id, PowerAction.STOP, ServerStatus.STOPPED),
                row("status", "STOPPED", "pending_action", null));
        life.next(new ServerPowerActionRequestedEvent(id, CLUSTER_B, PowerAction.START),
                row("pending_action", "START"));
        // the server stays in the status it had
        life.next(new ServerPowerActionFailedEvent(id, PowerAction.START, "hypervisor unreachable"),
                row("pending_action", null, "failure_reason", "hypervisor unreachable"));
        life.next(new ServerPowerActionRequestedEvent(id, CLUSTER_B, PowerAction.REBOOT),
                row("pending_action", "REBOOT"));
        // deleting drops a pending power action
        life.next(new ServerDeletionRequestedEvent(id, CLUSTER_B, VPC, SUBNET, "10.0.0.9", ServerStatus.STOPPED),
                row("status", "DELETING", "pending_action", null));
        life.next(new ServerCleanUpFailedEvent(id, "port in use", 1),
                row("failure_reason", "port in use"));
        // the row stays, with the last address, host and cluster: history
        life.next(new ServerDeletedEvent(id),
                row("status", "DELETED", "deleted", true));

        assertThat(server(id)).containsAllEntriesOf(row("address", "10.0.0.9", "host", "compute-17", "cluster_id", "cl-b",
                "version", 17L));
    }

    /** What sync finds in the cluster: changed outside, broken with Nova's fault, then gone. */
    @Test
    void aServerChangedAndDeletedOutsideUltron() {
        ServerId id = ServerId.random();
        BatchId batch = BatchId.random();
        Life life = new Life(id, requestedRow(id, batch, "web-5"));
        life.on(requested(id, batch, spec("web-5"), T0), row());
        life.next(new ServerScheduledEvent(id, CLUSTER_A, SUBNET, 1),
                row("status", "SCHEDULED", "cluster_id", "cl-a", "subnet_id", SUBNET.value(), "attempt", 1));
        life.next(new ServerActiveEvent(id, batch, 1, CLUSTER_A, "compute-1", "10.0.0.7"),
                row("status", "ACTIVE", "host", "compute-1", "address", "10.0.0.7"));
        life.next(new ServerChangedOutsideEvent(id, CLUSTER_A, "SHUTOFF", ServerStatus.STOPPED, "compute-2", null),
                row("status", "STOPPED", "host", "compute-2"));
        life.next(new ServerChangedOutsideEvent(id, CLUSTER_A, "ERROR", ServerStatus.ERROR, "compute-2", "disk lost"),
                row("status", "ERROR", "failure_reason", "disk lost"));
        life.next(new ServerVanishedEvent(id, CLUSTER_A, VPC, SUBNET, "10.0.0.7", ServerStatus.ERROR, "gone from cluster cl-a"),
                row("status", "DELETED", "deleted", true, "failure_reason", "gone from cluster cl-a"));
    }

    @Test
    void aServerThatGaveUpIsFailedWithTheReason() {
        ServerId id = ServerId.random();
        BatchId batch = BatchId.random();
        Life life = new Life(id, requestedRow(id, batch, "web-3"));
        life.on(requested(id, batch, spec("web-3"), T0), row());
        life.next(new ServerScheduledEvent(id, CLUSTER_A, SUBNET, 1),
                row("status", "SCHEDULED", "cluster_id", "cl-a", "subnet_id", SUBNET.value(), "attempt", 1));
        life.next(new ServerFailedEvent(id, batch, "no cluster has capacity"),
                row("status", "FAILED", "failure_reason", "no cluster has capacity"));
    }

    @Test
    void reasonsAreCutToTheColumnsLength() {
        ServerId id = ServerId.random();
        String reason = "x".repeat(1500);
        database.projector().deliver(requested(id, BatchId.random(), spec("web-4"), T0),
                Events.domain(id.value(), 1, new ServerFailedEvent(id, BatchId.random(), reason), T0.plusSeconds(1)));

        assertThat(server(id)).containsEntry("failure_reason", reason.substring(0, 1024));
    }

    @Test
    void serverEventsDeliveredAgainOrLateChangeNothing() {
        ServerId id = ServerId.random();
        BatchId batch = BatchId.random();
        List<EventMessage<?>> history = serverHistory(id, batch,
                new ServerScheduledEvent(id, CLUSTER_A, SUBNET, 1),
                new ServerNetworkReadyEvent(id, 1, CLUSTER_A, SUBNET, "10.0.0.5", "port-1"),
                new ServerBuildingEvent(id, 1, CLUSTER_A, "nova-1"),
                new ServerProvisioningFailedEvent(id, 1, CLUSTER_A, "boot", "ERROR", true),
                new ServerCompensatedEvent(id, 1, CLUSTER_A),
                new ServerScheduledEvent(id, CLUSTER_B, SUBNET, 2),
                new ServerActiveEvent(id, batch, 2, CLUSTER_B, "compute-3", "10.0.0.7"),
                new ServerPowerActionRequestedEvent(id, CLUSTER_B, PowerAction.STOP),
                new ServerPowerActionCompletedEvent(id, PowerAction.STOP, ServerStatus.STOPPED),
                new ServerPowerActionRequestedEvent(id, CLUSTER_B, PowerAction.START),
                new ServerPowerActionFailedEvent(id, PowerAction.START, "timeout"),
                new ServerDeletionRequestedEvent(id, CLUSTER_B, VPC, SUBNET, "10.0.0.7", ServerStatus.STOPPED),
                new ServerCleanUpFailedEvent(id, "port in use", 1),
                new ServerFailedEvent(id, batch, "not really, but it is the latest event"));
        history.forEach(database.projector()::deliver);
        assertThat(server(id)).containsAllEntriesOf(row("status", "FAILED", "version", 14L));

        // each older event would change the row if applied
        database.projector().assertRedeliveryChangesNothing(history, () -> server(id));
    }

    @Test
    void aRequestedBatchHasNoServersSettledYet() {
        BatchId batch = BatchId.random();
        database.projector().deliver(batchRequested(batch, 3));

        assertThat(batch(batch)).isEqualTo(row(
                "id", batch.value(), "tenant", "tenant-a", "name_prefix", "web", "requested", 3, "active", 0, "failed", 0,
                "completed", false, "created_at", T0, "completed_at", null, "version", 0L));
    }

    @Test
    void settledServersAreCountedAsActiveOrFailedUntilTheBatchCompletes() {
        BatchId batch = BatchId.random();
        database.projector().deliver(batchRequested(batch, 3),
                settled(batch, 1, true), settled(batch, 2, false), settled(batch, 3, true));

        assertThat(batch(batch)).containsAllEntriesOf(row("active", 2, "failed", 1, "completed", false, "version", 3L));

        database.projector().deliver(
                Events.domain(batch.value(), 4, new BatchCompletedEvent(batch, 3, 2, 1), T0.plusSeconds(60)));

        assertThat(batch(batch)).containsAllEntriesOf(row(
                "requested", 3, "active", 2, "failed", 1, "completed", true, "completed_at", T0.plusSeconds(60), "version", 4L));
    }

    @Test
    void theCompletedBatchsOwnCountsWin() {
        BatchId batch = BatchId.random();
        database.projector().deliver(batchRequested(batch, 4), settled(batch, 1, true),
                Events.domain(batch.value(), 2, new BatchCompletedEvent(batch, 3, 1, 2), T0.plusSeconds(60)));

        assertThat(batch(batch)).containsAllEntriesOf(row("requested", 3, "active", 1, "failed", 2, "completed", true));
    }

    @Test
    void aSettledServerIsCountedOnceHoweverOftenDelivered() {
        BatchId batch = BatchId.random();
        EventMessage<?> first = settled(batch, 1, true);
        EventMessage<?> second = settled(batch, 2, false);
        database.projector().deliver(batchRequested(batch, 3), first, first, second, second, first);

        assertThat(batch(batch)).containsAllEntriesOf(row("active", 1, "failed", 1, "version", 2L));
    }

    @Test
    void batchEventsDeliveredAgainAfterCompletionChangeNothing() {
        BatchId batch = BatchId.random();
        List<EventMessage<?>> history = List.of(batchRequested(batch, 2), settled(batch, 1, true), settled(batch, 2, true),
                Events.domain(batch.value(), 3, new BatchCompletedEvent(batch, 2, 2, 0), T0.plusSeconds(60)));
        history.forEach(database.projector()::deliver);

        // a settled server delivered again would count twice, and the request would reset the counters
        database.projector().assertRedeliveryChangesNothing(history, () -> batch(batch));
    }

    /** Delivers a server's events one after another (sequence 1, 2, ... a second apart) and checks its whole row. */
    @Test
    void anAdoptedServerHasARowAsItsClusterShowedItInNoBatch() {
        ServerId id = ServerId.random();
        ServerSpec spec = new ServerSpec("acme", "legacy-web-1", VPC, "idc-1", "m1.small", "unknown", Capability.LOCAL_DISK, 1,
                List.of(), false);
        database.projector().deliver(Events.domain(id.value(), 0, new ServerAdoptedEvent(id, UnownedServerId.of("uns-1"), spec,
                1, 2048, "nova-small", CLUSTER_A, SUBNET, "11.0.0.77", "nova-9", ServerStatus.STOPPED, "host-3"), T0));

        assertThat(server(id)).containsAllEntriesOf(row("batch_id", "", "tenant", "acme", "name", "legacy-web-1",
                "cluster_id", "cl-a", "subnet_id", SUBNET.value(), "status", "STOPPED", "address", "11.0.0.77", "host", "host-3",
                "nova_server_id", "nova-9", "attempt", 1, "created_at", T0, "version", 0L));
    }

    private static final class Life {
        private final ServerId id;
        private final Map<String, Object> expected;
        private long sequence;

        Life(ServerId id, Map<String, Object> expected) {
            this.id = id;
            this.expected = expected;
        }

        void next(Object event, Map<String, Object> changes) {
            sequence++;
            Instant time = T0.plusSeconds(sequence);
            changes.put("updated_at", time);
            changes.put("version", sequence);
            on(Events.domain(id.value(), sequence, event, time), changes);
        }

        void on(EventMessage<?> message, Map<String, Object> changes) {
            database.projector().deliver(message);
            expected.putAll(changes);
            assertThat(server(id)).as("after %s", message.getPayloadType().getSimpleName()).isEqualTo(expected);
        }
    }

    private static List<EventMessage<?>> serverHistory(ServerId id, BatchId batch, Object... events) {
        List<EventMessage<?>> history = new ArrayList<>();
        history.add(requested(id, batch, spec("web-h"), T0));
        for (int i = 0; i < events.length; i++) {
            history.add(Events.domain(id.value(), i + 1, events[i], T0.plusSeconds(i + 1)));
        }
        return history;
    }

    private static ServerSpec spec(String name) {
        return new ServerSpec("tenant-a", name, VPC, "fra-idc-1", "m1.large", "img-ubuntu", Capability.CLOUD_DISK, 40,
                List.of("default", "web"), true);
    }

    private static EventMessage<?> requested(ServerId id, BatchId batch, ServerSpec spec, Instant time) {
        return Events.domain(id.value(), 0, new ServerRequestedEvent(id, batch, spec, 4, 8192, "nova-flavor-7"), time);
    }

    private static Map<String, Object> requestedRow(ServerId id, BatchId batch, String name) {
        return row("id", id.value(), "batch_id", batch.value(), "tenant", "tenant-a", "name", name, "vpc_id", VPC.value(),
                "idc", "fra-idc-1", "cluster_id", null, "subnet_id", null, "status", "REQUESTED", "address", null, "host", null,
                "flavor", "m1.large", "image", "img-ubuntu", "boot_disk", "CLOUD_DISK", "disk_gb", 40,
                "security_groups", "[\"default\",\"web\"]", "preemptible", true, "attempt", 0, "pending_action", null,
                "failure_reason", null, "nova_server_id", null, "created_at", T0, "updated_at", T0, "version", 0L,
                "deleted", false);
    }

    private static EventMessage<?> batchRequested(BatchId batch, int requested) {
        List<ServerId> servers = new ArrayList<>();
        for (int i = 0; i < requested; i++) {
            servers.add(ServerId.random());
        }
        return Events.domain(batch.value(), 0, new BatchRequestedEvent(batch, "tenant-a", "web", requested, servers), T0);
    }

    private static EventMessage<?> settled(BatchId batch, long sequence, boolean active) {
        return Events.domain(batch.value(), sequence, new BatchServerSettledEvent(batch, ServerId.random(), active,
                active ? null : "ERROR"), T0.plusSeconds(sequence));
    }

    private static Map<String, Object> server(ServerId id) {
        return database.rows().one("SELECT * FROM server_view WHERE id = ?", id.value());
    }

    private static Map<String, Object> batch(BatchId id) {
        return database.rows().one("SELECT * FROM batch_view WHERE id = ?", id.value());
    }
}
