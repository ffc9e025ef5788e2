package io.ultron.sagas.sync;

import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.RecordServerObservedCommand;
import io.ultron.api.compute.RecordServerVanishedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.sagas.openstack.OpenStackCompute.ObservedServer;
import io.ultron.sagas.openstack.OpenStackCompute.ServerState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerDriftTest {

    static final Instant READ_AT = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void serversAsUltronKnowsThemGiveNoCommand() {
        var known = List.of(view("srv-1", "nova-1", "ACTIVE", "host-1"), view("srv-2", "nova-2", "STOPPED", "host-2"));
        var observed = List.of(seen("nova-1", "ACTIVE", "host-1"), seen("nova-2", "SHUTOFF", "host-2"),
                seen("nova-9", "ACTIVE", "host-3"));

        assertThat(ServerDrift.commands(known, observed, true, READ_AT)).isEmpty();
        assertThat(ServerDrift.commands(known, observed, false, READ_AT)).isEmpty();
    }

    @Test
    void aChangedStatusOrHostIsRecordedWithWhatWasSeen() {
        var known = List.of(view("srv-1", "nova-1", "ACTIVE", "host-1"), view("srv-2", "nova-2", "ACTIVE", "host-2"),
                view("srv-3", "nova-3", "ACTIVE", "host-3"), view("srv-4", "nova-4", "ACTIVE", "host-4"));
        var observed = List.of(new ObservedServer("ultron-srv-1", new ServerState("nova-1", "ERROR", "disk lost", "host-1", List.of())),
                seen("nova-2", "ACTIVE", "host-9"), seen("nova-3", "MIGRATING", "host-3"), seen("nova-4", "SHUTOFF", "host-4"));

        assertThat(ServerDrift.commands(known, observed, false, READ_AT)).containsExactly(
                new RecordServerObservedCommand(ServerId.of("srv-1"), "ERROR", "host-1", "disk lost", READ_AT),
                new RecordServerObservedCommand(ServerId.of("srv-2"), "ACTIVE", "host-9", null, READ_AT),
                new RecordServerObservedCommand(ServerId.of("srv-4"), "SHUTOFF", "host-4", null, READ_AT));
    }

    @Test
    void aServerMissingFromAFullReadingOrListedDeletedHasVanished() {
        var known = List.of(view("srv-1", "nova-1", "ACTIVE", "host-1"), view("srv-2", "nova-2", "ACTIVE", "host-2"),
                view("srv-3", null, "ACTIVE", null));
        var full = List.of(seen("nova-2", "ACTIVE", "host-2"));
        var changes = List.of(seen("nova-2", "DELETED", "host-2"));

        assertThat(ServerDrift.commands(known, full, true, READ_AT))
                .containsExactly(new RecordServerVanishedCommand(ServerId.of("srv-1"), READ_AT));
        // an incremental reading lists only what changed: absence means nothing
        assertThat(ServerDrift.commands(known, changes, false, READ_AT))
                .containsExactly(new RecordServerVanishedCommand(ServerId.of("srv-2"), READ_AT));
    }

    static ServerView view(String id, String novaId, String status, String host) {
        return new ServerView(id, "batch-1", "acme", "web", "vpc-1", "idc-1", "cl-1", "sub-1", status, "11.0.0.5", host,
                "m1.small", "img", null, 0, List.of(), false, 1, null, null, novaId, READ_AT, READ_AT);
    }

    static ObservedServer seen(String novaId, String status, String host) {
        return new ObservedServer("ultron-x", new ServerState(novaId, status, null, host, List.of()));
    }
}
