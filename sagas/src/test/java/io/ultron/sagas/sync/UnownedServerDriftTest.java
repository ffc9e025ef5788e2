package io.ultron.sagas.sync;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.drift.DeleteLeftoverServerCommand;
import io.ultron.api.drift.DriftViews.UnownedServerView;
import io.ultron.api.drift.RecordUnownedServerCommand;
import io.ultron.api.drift.RecordUnownedServerGoneCommand;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.sagas.openstack.OpenStackCompute.ObservedServer;
import io.ultron.sagas.openstack.OpenStackCompute.ServerState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnownedServerDriftTest {

    static final ClusterId CLUSTER = ClusterId.of("cl-1");
    static final Instant READ_AT = Instant.parse("2026-12-05T12:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(10);

    @Test
    void serversUltronOwnsGiveNothingWhetherBuiltOrStillBeingCreated() {
        var owning = List.of(server("srv-1", "nova-1", "ACTIVE"), server("srv-2", null, "BUILDING"),
                server("srv-3", "nova-3", "DELETING"));
        var observed = List.of(seen("ultron-srv-1", "nova-1"), seen("ultron-srv-2", "nova-2"), seen("ultron-srv-3", "nova-3"));

        assertThat(commands(owning, List.of(), observed, true)).isEmpty();
    }

    @Test
    void anAdoptedServerIsOwnedByItsNovaIdWhateverItsName() {
        var owning = List.of(server("srv-7", "nova-7", "ACTIVE"));
        var recorded = List.of(view("db-1", "nova-7", UnownedKind.UNMANAGED, READ_AT.minusSeconds(60)));

        assertThat(commands(owning, List.of(), List.of(seen("db-1", "nova-7")), true)).isEmpty();
        assertThat(commands(owning, recorded, List.of(seen("db-1", "nova-7")), true))
                .containsExactly(gone("nova-7", "owned by server srv-7"));
    }

    @Test
    void aServerMadeOutsideOrNamedAfterNoOwnerIsRecordedAndASecondServerOfAnOwnersNameToo() {
        var owning = List.of(server("srv-1", "nova-1", "ACTIVE"));
        var observed = List.of(seen("db-1", "nova-7"), seen("ultron-srv-9", "nova-8"), seen("ultron-srv-1", "nova-1"),
                seen("ultron-srv-1", "nova-2"));

        assertThat(commands(owning, List.of(), observed, false)).containsExactly(record("db-1", "nova-7"),
                record("ultron-srv-9", "nova-8"), record("ultron-srv-1", "nova-2"));
    }

    @Test
    void whatIsRecordedAlreadyGivesNothingUnlessItChanged() {
        var recorded = List.of(view("db-1", "nova-7", UnownedKind.UNMANAGED, READ_AT.minusSeconds(60)),
                view("web-1", "nova-8", UnownedKind.UNMANAGED, READ_AT.minusSeconds(60)));
        var observed = List.of(seen("db-1", "nova-7"),
                new ObservedServer("web-1", new ServerState("nova-8", "SHUTOFF", null, "host-1", List.of("11.0.0.8"))));

        assertThat(commands(List.of(), recorded, observed, true)).containsExactly(
                new RecordUnownedServerCommand(UnownedServerId.of(CLUSTER, "nova-8"), CLUSTER, "nova-8", "web-1", "SHUTOFF",
                        "host-1", List.of("11.0.0.8"), READ_AT));
    }

    @Test
    void aRecordedServerIsGoneWhenAFullReadingMissesItWhenListedDeletedOrWhenOwnedAfterAll() {
        var recorded = List.of(view("db-1", "nova-7", UnownedKind.UNMANAGED, READ_AT),
                view("db-2", "nova-8", UnownedKind.UNMANAGED, READ_AT),
                view("ultron-srv-2", "nova-2", UnownedKind.LEFTOVER, READ_AT.minus(GRACE)));
        var owning = List.of(server("srv-2", null, "BUILDING"));

        // an incremental reading that does not list a server says nothing of it, except that it is owned now
        assertThat(commands(owning, recorded, List.of(seen("db-2", "nova-8")), false))
                .containsExactly(gone("nova-2", "owned by server srv-2"));
        assertThat(commands(List.of(), recorded.subList(0, 2), List.of(seen("db-2", "nova-8")), false)).isEmpty();
        assertThat(commands(owning, recorded, List.of(seen("db-2", "nova-8"), seen("ultron-srv-2", "nova-2")), true))
                .containsExactly(gone("nova-2", "owned by server srv-2"), gone("nova-7", UnownedServerDrift.GONE));
        assertThat(commands(List.of(), recorded.subList(0, 2), List.of(deleted("db-1", "nova-7")), false))
                .containsExactly(gone("nova-7", UnownedServerDrift.GONE));
    }

    @Test
    void aLeftoverIsDeletedOnceItsGraceIsOverAndAnUnmanagedServerNever() {
        var young = view("ultron-srv-4", "nova-4", UnownedKind.LEFTOVER, READ_AT.minus(GRACE).plusSeconds(1));
        var due = view("ultron-srv-5", "nova-5", UnownedKind.LEFTOVER, READ_AT.minus(GRACE));
        var unmanaged = view("db-1", "nova-7", UnownedKind.UNMANAGED, READ_AT.minus(GRACE).minusSeconds(600));
        var observed = List.of(seen("ultron-srv-4", "nova-4"), seen("ultron-srv-5", "nova-5"), seen("db-1", "nova-7"));

        assertThat(commands(List.of(), List.of(young, due, unmanaged), observed, true)).containsExactly(
                new DeleteLeftoverServerCommand(UnownedServerId.of(due.id()), GRACE, READ_AT));
        // an incremental reading need not list it
        assertThat(commands(List.of(), List.of(due), List.of(), false)).containsExactly(
                new DeleteLeftoverServerCommand(UnownedServerId.of(due.id()), GRACE, READ_AT));
        // but a full one that misses it says it is gone: nothing to delete
        assertThat(commands(List.of(), List.of(due), List.of(), true)).containsExactly(gone("nova-5", UnownedServerDrift.GONE));
    }

    private static List<Object> commands(List<ServerView> owning, List<UnownedServerView> recorded, List<ObservedServer> observed,
                                         boolean full) {
        return UnownedServerDrift.commands(CLUSTER, owning, recorded, observed, full, READ_AT, GRACE);
    }

    private static RecordUnownedServerCommand record(String name, String novaId) {
        return new RecordUnownedServerCommand(UnownedServerId.of(CLUSTER, novaId), CLUSTER, novaId, name, "ACTIVE", "host-1",
                List.of("11.0.0.5"), READ_AT);
    }

    private static RecordUnownedServerGoneCommand gone(String novaId, String reason) {
        return new RecordUnownedServerGoneCommand(UnownedServerId.of(CLUSTER, novaId), reason, READ_AT);
    }

    private static ObservedServer seen(String name, String novaId) {
        return new ObservedServer(name, new ServerState(novaId, "ACTIVE", null, "host-1", List.of("11.0.0.5")));
    }

    private static ObservedServer deleted(String name, String novaId) {
        return new ObservedServer(name, new ServerState(novaId, "DELETED", null, "host-1", List.of()));
    }

    private static UnownedServerView view(String name, String novaId, UnownedKind kind, Instant foundAt) {
        return new UnownedServerView(UnownedServerId.of(CLUSTER, novaId).value(), CLUSTER.value(), novaId, name, kind, "ACTIVE",
                "host-1", List.of("11.0.0.5"), foundAt, foundAt, null);
    }

    private static ServerView server(String id, String novaId, String status) {
        return new ServerView(id, "b-1", "acme", "web", "vpc-1", "idc-1", CLUSTER.value(), "sn-1", status, "11.0.0.5",
                "host-1", "m1.small", "img", "LOCAL", 10, List.of(), false, 1, null, null, novaId, READ_AT, READ_AT);
    }
}
