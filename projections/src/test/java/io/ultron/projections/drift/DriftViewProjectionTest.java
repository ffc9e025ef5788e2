package io.ultron.projections.drift;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.drift.LeftoverServerDeletedEvent;
import io.ultron.api.drift.LeftoverServerDeletionStartedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.drift.UnownedServerAdoptedEvent;
import io.ultron.api.drift.UnownedServerChangedEvent;
import io.ultron.api.drift.UnownedServerFoundEvent;
import io.ultron.api.drift.UnownedServerGoneEvent;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.projections.support.Events;
import io.ultron.projections.support.ProjectionDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.ultron.projections.support.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/** Given unowned-server events, the rows of unowned_server_view (DriftViewProjection, through Axon's adapter). */
class DriftViewProjectionTest {

    // whole seconds (see ClusterViewProjectionTest)
    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final ClusterId CLUSTER = ClusterId.of("cl-1");

    @RegisterExtension
    static final ProjectionDatabase database = new ProjectionDatabase(DriftViewProjection::new);

    @Test
    void aFoundServerIsPresentWithWhatTheClusterShowsAndFollowsItsChanges() {
        UnownedServerId id = UnownedServerId.of(CLUSTER, "nova-1");
        database.projector().deliver(
                Events.domain(id.value(), 0, new UnownedServerFoundEvent(id, CLUSTER, "nova-1", "db-1", UnownedKind.UNMANAGED,
                        "ACTIVE", "host-1", List.of("11.0.0.9"), T0), T0),
                Events.domain(id.value(), 1, new UnownedServerChangedEvent(id, CLUSTER, "SHUTOFF", "host-2",
                        List.of("11.0.0.9", "11.0.0.10"), T0.plusSeconds(30)), T0.plusSeconds(31)));

        assertThat(view(id)).isEqualTo(row("id", id.value(), "cluster_id", "cl-1", "nova_server_id", "nova-1", "name", "db-1",
                "kind", "UNMANAGED", "nova_status", "SHUTOFF", "host", "host-2", "addresses", "[\"11.0.0.9\",\"11.0.0.10\"]",
                "present", true, "found_at", T0, "updated_at", T0.plusSeconds(31), "deletion_started_at", null,
                "gone_reason", null, "version", 1L));
    }

    @Test
    void aGoneServerStaysAsNotPresentWithWhyAndStartsOverWhenFoundAgain() {
        UnownedServerId id = UnownedServerId.of(CLUSTER, "nova-2");
        UnownedServerFoundEvent found = new UnownedServerFoundEvent(id, CLUSTER, "nova-2", "web", UnownedKind.UNMANAGED,
                "ACTIVE", "host-1", List.of(), T0);
        database.projector().deliver(Events.domain(id.value(), 0, found, T0),
                Events.domain(id.value(), 1, new UnownedServerGoneEvent(id, CLUSTER, "gone from the cluster", T0.plusSeconds(5)),
                        T0.plusSeconds(5)));
        assertThat(view(id)).containsAllEntriesOf(row("present", false, "gone_reason", "gone from the cluster", "version", 1L));

        // delivered again (a replay): nothing changes
        database.projector().deliver(Events.domain(id.value(), 0, found, T0));
        assertThat(view(id)).containsAllEntriesOf(row("present", false, "version", 1L));

        database.projector().deliver(Events.domain(id.value(), 2, new UnownedServerFoundEvent(id, CLUSTER, "nova-2", "web",
                UnownedKind.UNMANAGED, "ACTIVE", "host-3", List.of(), T0.plusSeconds(60)), T0.plusSeconds(60)));
        assertThat(view(id)).containsAllEntriesOf(row("present", true, "gone_reason", null, "host", "host-3",
                "found_at", T0.plusSeconds(60), "version", 2L));
    }

    @Test
    void aLeftoverShowsItsDeletionAndIsNoLongerPresentOnceDeleted() {
        UnownedServerId id = UnownedServerId.of(CLUSTER, "nova-3");
        database.projector().deliver(
                Events.domain(id.value(), 0, new UnownedServerFoundEvent(id, CLUSTER, "nova-3", "ultron-srv-1",
                        UnownedKind.LEFTOVER, "ACTIVE", null, List.of(), T0), T0),
                Events.domain(id.value(), 1, new LeftoverServerDeletionStartedEvent(id, CLUSTER, "nova-3", "ultron-srv-1"),
                        T0.plusSeconds(600)));
        assertThat(view(id)).containsAllEntriesOf(row("kind", "LEFTOVER", "present", true, "deletion_started_at", T0.plusSeconds(600)));

        database.projector().deliver(Events.domain(id.value(), 2, new LeftoverServerDeletedEvent(id, CLUSTER, "nova-3"),
                T0.plusSeconds(601)));
        assertThat(view(id)).containsAllEntriesOf(row("present", false, "gone_reason", "deleted as a leftover", "version", 2L));
    }

    @Test
    void anAdoptedServerIsNoLongerPresentAndSaysWhoseItIs() {
        UnownedServerId id = UnownedServerId.of(CLUSTER, "nova-4");
        database.projector().deliver(
                Events.domain(id.value(), 0, new UnownedServerFoundEvent(id, CLUSTER, "nova-4", "db-4", UnownedKind.UNMANAGED,
                        "ACTIVE", "host-1", List.of("11.0.0.4"), T0), T0),
                Events.domain(id.value(), 1, new UnownedServerAdoptedEvent(id, CLUSTER, ServerId.of("srv-4")), T0.plusSeconds(9)));

        assertThat(view(id)).containsAllEntriesOf(row("present", false, "gone_reason", "adopted as server srv-4", "version", 1L));
    }

    private static Map<String, Object> view(UnownedServerId id) {
        return database.rows().one("SELECT * FROM unowned_server_view WHERE id = ?", id.value());
    }
}
