package io.ultron.projections.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterCapabilitiesUpdatedEvent;
import io.ultron.api.cluster.ClusterCapacityBecameKnownEvent;
import io.ultron.api.cluster.ClusterCapacityBecameUnknownEvent;
import io.ultron.api.cluster.ClusterDrainedEvent;
import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterHealth;
import io.ultron.api.cluster.ClusterHealthChangedEvent;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.projections.support.Events;
import io.ultron.projections.support.ProjectionDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ultron.projections.support.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/** Given cluster events, the rows of cluster_view (ClusterViewProjection, delivered by Axon's handler adapter). */
class ClusterViewProjectionTest {

    // whole seconds: MySQL Connector/J drops the fraction of a Timestamp parameter when the server reports a version
    // below 5.6.4, as MariaDB 10.x does ("5.5.5-10.11...")
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @RegisterExtension
    static final ProjectionDatabase database = new ProjectionDatabase(ClusterViewProjection::new);

    @Test
    void aRegisteredClusterIsActiveWithItsCapabilitiesSortedByName() {
        ClusterId id = ClusterId.random();
        // LOCAL_DISK comes before BARE_METAL in the enum: sorted by name, it comes after
        database.projector().deliver(registered(id, "fra-1", Set.of(Capability.LOCAL_DISK, Capability.BARE_METAL), T0));

        assertThat(cluster(id)).isEqualTo(row(
                "id", id.value(), "name", "fra-1", "area", "eu", "idc", "fra-idc-1",
                "keystone_url", "https://keystone.fra-1.example/v3", "credentials_ref", "vault:clusters/fra-1",
                "release_label", "2024.1", "capabilities", "BARE_METAL,LOCAL_DISK", "max_concurrent_calls", 16,
                "status", "ACTIVE", "registered_at", T0, "updated_at", T0, "version", 0L, "drain_reason", null,
                "capacity_unknown_since", null, "capacity_unknown_reason", null, "health", null, "health_since", null,
                "health_reason", null));
    }

    @Test
    void healthRecordsSinceWhenAndWhy() {
        ClusterId id = ClusterId.random();
        database.projector().deliver(registered(id, "fra-7", Set.of(Capability.CLOUD_DISK), T0),
                Events.domain(id.value(), 1, new ClusterHealthChangedEvent(id, ClusterHealth.DOWN, "Nova answered 503"),
                        T0.plusSeconds(10)));

        assertThat(cluster(id)).containsAllEntriesOf(row("health", "DOWN", "health_since", T0.plusSeconds(10),
                "health_reason", "Nova answered 503", "updated_at", T0.plusSeconds(10), "version", 1L));

        database.projector().deliver(Events.domain(id.value(), 2, new ClusterHealthChangedEvent(id, ClusterHealth.UP, null),
                T0.plusSeconds(20)));

        assertThat(cluster(id)).containsAllEntriesOf(row("health", "UP", "health_since", T0.plusSeconds(20),
                "health_reason", null, "version", 2L));
    }

    @Test
    void capabilitiesUpdatedReplacesThem() {
        ClusterId id = ClusterId.random();
        database.projector().deliver(registered(id, "fra-2", Set.of(Capability.CLOUD_DISK), T0),
                Events.domain(id.value(), 1, new ClusterCapabilitiesUpdatedEvent(id,
                        Set.of(Capability.LOAD_BALANCER, Capability.CLOUD_DISK)), T0.plusSeconds(10)));

        assertThat(cluster(id)).containsAllEntriesOf(row(
                "capabilities", "CLOUD_DISK,LOAD_BALANCER", "registered_at", T0, "updated_at", T0.plusSeconds(10), "version", 1L));
    }

    @Test
    void drainedThenEnabledSetsTheStatusAndClearsTheReason() {
        ClusterId id = ClusterId.random();
        database.projector().deliver(registered(id, "fra-3", Set.of(Capability.CLOUD_DISK), T0),
                Events.domain(id.value(), 1, new ClusterDrainedEvent(id, "hypervisor upgrade", false), T0.plusSeconds(10)));

        assertThat(cluster(id)).containsAllEntriesOf(row(
                "status", "DRAINING", "drain_reason", "hypervisor upgrade", "updated_at", T0.plusSeconds(10), "version", 1L));

        database.projector().deliver(Events.domain(id.value(), 2, new ClusterEnabledEvent(id), T0.plusSeconds(20)));

        assertThat(cluster(id)).containsAllEntriesOf(row(
                "status", "ACTIVE", "drain_reason", null, "updated_at", T0.plusSeconds(20), "version", 2L));
    }

    @Test
    void capacityUnknownRecordsSinceWhenAndWhyUntilItIsKnownAgain() {
        ClusterId id = ClusterId.random();
        database.projector().deliver(registered(id, "fra-4", Set.of(Capability.CLOUD_DISK), T0),
                Events.domain(id.value(), 1, new ClusterCapacityBecameUnknownEvent(id, "placement API unreachable"), T0.plusSeconds(10)));

        assertThat(cluster(id)).containsAllEntriesOf(row(
                "status", "ACTIVE", "capacity_unknown_since", T0.plusSeconds(10), "capacity_unknown_reason", "placement API unreachable",
                "updated_at", T0.plusSeconds(10), "version", 1L));

        database.projector().deliver(
                Events.domain(id.value(), 2, new ClusterCapacityBecameKnownEvent(id), T0.plusSeconds(20)));

        assertThat(cluster(id)).containsAllEntriesOf(row(
                "capacity_unknown_since", null, "capacity_unknown_reason", null, "updated_at", T0.plusSeconds(20), "version", 2L));
    }

    @Test
    void anEventDeliveredTwiceChangesNothingTheSecondTime() {
        ClusterId id = ClusterId.random();
        EventMessage<?> registered = registered(id, "fra-5", Set.of(Capability.CLOUD_DISK), T0);
        database.projector().deliver(registered);
        Map<String, Object> once = cluster(id);

        // the registration inserts the row: delivered again, it must neither fail nor change it
        database.projector().deliver(registered);

        assertThat(cluster(id)).isEqualTo(once);
    }

    @Test
    void olderEventsDeliveredAfterNewerOnesChangeNothing() {
        ClusterId id = ClusterId.random();
        List<EventMessage<?>> history = List.of(
                registered(id, "fra-6", Set.of(Capability.CLOUD_DISK), T0),
                Events.domain(id.value(), 1, new ClusterCapabilitiesUpdatedEvent(id, Set.of(Capability.LOCAL_DISK)), T0.plusSeconds(10)),
                Events.domain(id.value(), 2, new ClusterDrainedEvent(id, "maintenance", false), T0.plusSeconds(20)),
                Events.domain(id.value(), 3, new ClusterCapacityBecameUnknownEvent(id, "timeout"), T0.plusSeconds(30)),
                Events.domain(id.value(), 4, new ClusterEnabledEvent(id), T0.plusSeconds(40)),
                Events.domain(id.value(), 5, new ClusterCapacityBecameKnownEvent(id), T0.plusSeconds(50)));
        history.forEach(database.projector()::deliver);
        assertThat(cluster(id)).containsAllEntriesOf(row("capabilities", "LOCAL_DISK", "status", "ACTIVE", "drain_reason", null,
                "capacity_unknown_since", null, "updated_at", T0.plusSeconds(50), "version", 5L));

        // each older event, registration included, would undo a later one if applied
        database.projector().assertRedeliveryChangesNothing(history, () -> cluster(id));
    }

    @Test
    void eachClusterKeepsItsOwnVersion() {
        ClusterId ahead = ClusterId.random();
        ClusterId behind = ClusterId.random();
        database.projector().deliver(registered(ahead, "fra-7", Set.of(Capability.CLOUD_DISK), T0),
                Events.domain(ahead.value(), 1, new ClusterEnabledEvent(ahead), T0.plusSeconds(10)),
                Events.domain(ahead.value(), 2, new ClusterDrainedEvent(ahead, "maintenance", false), T0.plusSeconds(20)),
                registered(behind, "fra-8", Set.of(Capability.CLOUD_DISK), T0.plusSeconds(30)),
                Events.domain(behind.value(), 1, new ClusterDrainedEvent(behind, "power work", true), T0.plusSeconds(40)));

        assertThat(cluster(behind)).containsAllEntriesOf(row("status", "DRAINING", "drain_reason", "power work", "version", 1L));
        assertThat(cluster(ahead)).containsAllEntriesOf(row("status", "DRAINING", "drain_reason", "maintenance", "version", 2L));
    }

    private static EventMessage<?> registered(ClusterId id, String name, Set<Capability> capabilities, Instant time) {
        return Events.domain(id.value(), 0, new ClusterRegisteredEvent(id, name, "eu", name.replace("-", "-idc-"),
                "https://keystone." + name + ".example/v3", "vault:clusters/" + name, "2024.1", capabilities, 16), time);
    }

    private static Map<String, Object> cluster(ClusterId id) {
        return database.rows().one("SELECT * FROM cluster_view WHERE id = ?", id.value());
    }
}
