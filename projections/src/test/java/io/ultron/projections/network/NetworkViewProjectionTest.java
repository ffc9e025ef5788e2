package io.ultron.projections.network;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSlicesProvisioningFailedEvent;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpReleasedEvent;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetDeletedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.api.network.VpcId;
import io.ultron.projections.support.Events;
import io.ultron.projections.support.ProjectionDatabase;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ultron.projections.support.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given VPC events, the rows of vpc_view, subnet_view, ip_pool_view, ip_allocation_view, ip_history_view and
 * network_view_position (NetworkViewProjection).
 */
class NetworkViewProjectionTest {

    // whole seconds: MySQL Connector/J drops the fraction of a Timestamp parameter when the server reports a version
    // below 5.6.4, as MariaDB 10.x does ("5.5.5-10.11...")
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final ClusterId CLUSTER_A = ClusterId.of("cl-a");
    private static final ClusterId CLUSTER_B = ClusterId.of("cl-b");
    /** Each VPC its own /20 (10.n.0.0/20), as in production: addresses are unique across VPCs. */
    private static final AtomicInteger BLOCKS = new AtomicInteger();
    private static final List<String> VIEWS = List.of("vpc_view", "subnet_view", "ip_pool_view", "ip_allocation_view",
            "ip_history_view", "network_view_position");

    @RegisterExtension
    static final ProjectionDatabase database = new ProjectionDatabase(NetworkViewProjection::new);

    @Test
    void aCreatedVpcIsActive() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created());

        assertThat(database.rows().one("SELECT * FROM vpc_view WHERE id = ?", vpc.id.value())).isEqualTo(row(
                "id", vpc.id.value(), "area", "eu", "tenant", "tenant-a", "name", "prod", "department", null, "purpose", "web",
                "cidr", vpc.cidr, "status", "ACTIVE", "created_at", T0, "updated_at", T0));
        assertThat(position(vpc)).isEqualTo(0L);
    }

    @Test
    void aDeletedVpcStaysWithItsStatus() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.next(new VpcDeletedEvent(vpc.id, vpc.cidr)));

        assertThat(database.rows().one("SELECT * FROM vpc_view WHERE id = ?", vpc.id.value()))
                .containsAllEntriesOf(row("status", "DELETED", "created_at", T0, "updated_at", T0.plusSeconds(1)));
        assertThat(position(vpc)).isEqualTo(1L);
    }

    @Test
    void anAllocatedSubnetIsActive() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated());

        assertThat(database.rows().one("SELECT * FROM subnet_view WHERE id = ?", vpc.subnet.value())).isEqualTo(row(
                "id", vpc.subnet.value(), "vpc_id", vpc.id.value(), "idc", "fra-idc-1", "cidr", vpc.subnetCidr,
                "gateway", vpc.ip(1), "status", "ACTIVE", "created_at", T0.plusSeconds(1), "updated_at", T0.plusSeconds(1)));
    }

    @Test
    void aDeletedSubnetStaysWithItsStatusAndLosesItsPools() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(), vpc.slicesChanged(CLUSTER_A, List.of(0), List.of(vpc.firstSlice), 1),
                vpc.slicesChanged(CLUSTER_B, List.of(1), List.of(vpc.secondSlice), 1),
                vpc.next(new SubnetDeletedEvent(vpc.id, vpc.subnet, vpc.subnetCidr, List.of(CLUSTER_A, CLUSTER_B))));

        assertThat(database.rows().one("SELECT * FROM subnet_view WHERE id = ?", vpc.subnet.value()))
                .containsAllEntriesOf(row("status", "DELETED", "created_at", T0.plusSeconds(1), "updated_at", T0.plusSeconds(4)));
        assertThat(pools(vpc)).isEmpty();
    }

    @Test
    void aClusterSlicesFirstPlanIsAPendingPool() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(),
                vpc.slicesChanged(CLUSTER_A, List.of(0, 2), List.of(vpc.firstSlice, vpc.thirdSlice), 1));

        assertThat(pool(vpc, CLUSTER_A)).isEqualTo(row(
                "subnet_id", vpc.subnet.value(), "cluster_id", "cl-a", "vpc_id", vpc.id.value(), "slices", "0,2",
                "pools", vpc.firstSlice + "," + vpc.thirdSlice, "total", 125 + 128, "used", 0, "revision", 1,
                "provisioned_revision", 0, "provisioning_status", "PENDING", "last_error", null, "failed_attempts", 0,
                "neutron_network_id", null, "neutron_subnet_id", null, "updated_at", T0.plusSeconds(2)));
    }

    /** Every slice handler in the order provisioning goes, with the pool row after each. */
    @Test
    void aPoolThroughProvisioningFailuresAndATopUp() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(), vpc.slicesChanged(CLUSTER_A, List.of(0), List.of(vpc.firstSlice), 1));

        vpc.deliver(vpc.next(new ClusterSlicesProvisioningFailedEvent(vpc.id, vpc.subnet, CLUSTER_A, 1, "neutron 503", 2)));
        assertThat(pool(vpc, CLUSTER_A)).containsAllEntriesOf(row("provisioning_status", "FAILED", "last_error", "neutron 503",
                "failed_attempts", 2, "provisioned_revision", 0, "updated_at", T0.plusSeconds(3)));

        vpc.deliver(vpc.next(new ClusterSlicesProvisionedEvent(vpc.id, vpc.subnet, CLUSTER_A, 1, "net-1", "sub-1")));
        Map<String, Object> ready = row("provisioning_status", "READY", "provisioned_revision", 1, "last_error", null,
                "failed_attempts", 0, "neutron_network_id", "net-1", "neutron_subnet_id", "sub-1", "updated_at", T0.plusSeconds(4));
        assertThat(pool(vpc, CLUSTER_A)).containsAllEntriesOf(ready);

        // a failure reported for a revision Neutron already has changes nothing
        vpc.deliver(vpc.next(new ClusterSlicesProvisioningFailedEvent(vpc.id, vpc.subnet, CLUSTER_A, 1, "late retry", 3)));
        assertThat(pool(vpc, CLUSTER_A)).containsAllEntriesOf(ready);

        vpc.deliver(vpc.allocated(CLUSTER_A, vpc.ip(2), "srv-1"));
        vpc.deliver(vpc.slicesChanged(CLUSTER_A, List.of(0, 1), List.of(vpc.firstSlice, vpc.secondSlice), 2));
        // the top-up waits for Neutron; the addresses in use stay counted
        assertThat(pool(vpc, CLUSTER_A)).containsAllEntriesOf(row("slices", "0,1", "pools", vpc.firstSlice + "," + vpc.secondSlice,
                "total", 125 + 127, "used", 1, "revision", 2, "provisioned_revision", 1, "provisioning_status", "PENDING",
                "updated_at", T0.plusSeconds(7)));

        // Neutron confirming the older revision late does not make the newer one ready
        vpc.deliver(vpc.next(new ClusterSlicesProvisionedEvent(vpc.id, vpc.subnet, CLUSTER_A, 1, "net-1", "sub-1")));
        assertThat(pool(vpc, CLUSTER_A)).containsAllEntriesOf(row("revision", 2, "provisioned_revision", 1,
                "provisioning_status", "PENDING"));

        vpc.deliver(vpc.next(new ClusterSlicesProvisionedEvent(vpc.id, vpc.subnet, CLUSTER_A, 2, "net-1", "sub-1")));
        assertThat(pool(vpc, CLUSTER_A)).containsAllEntriesOf(row("revision", 2, "provisioned_revision", 2,
                "provisioning_status", "READY", "used", 1, "updated_at", T0.plusSeconds(9)));
    }

    @Test
    void anAllocatedAddressHasAHolderAHistoryEntryAndIsCountedInItsPool() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(), vpc.slicesChanged(CLUSTER_A, List.of(0), List.of(vpc.firstSlice), 1));
        TrackedEventMessage<?> allocated = vpc.allocated(CLUSTER_A, vpc.ip(2), "srv-1");
        vpc.deliver(allocated);

        assertThat(database.rows().one("SELECT * FROM ip_allocation_view WHERE address = ?", vpc.ip(2))).isEqualTo(row(
                "address", vpc.ip(2), "vpc_id", vpc.id.value(), "subnet_id", vpc.subnet.value(), "cluster_id", "cl-a",
                "owner", "srv-1", "allocated_at", T0.plusSeconds(3)));
        assertThat(pool(vpc, CLUSTER_A)).containsEntry("used", 1);
        // keyed by the event's id, ordered by its global index (the tracking token), with the request's trace id
        assertThat(history(vpc)).containsExactly(row(
                "event_id", allocated.getIdentifier(), "global_index", globalIndex(allocated), "address", vpc.ip(2),
                "action", "ALLOCATED", "vpc_id", vpc.id.value(), "subnet_id", vpc.subnet.value(), "cluster_id", "cl-a",
                "owner", "srv-1", "trace_id", "trace-3", "occurred_at", T0.plusSeconds(3)));
    }

    @Test
    void aReleasedAddressIsFreeCountedOutAndInTheHistory() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(), vpc.slicesChanged(CLUSTER_A, List.of(0), List.of(vpc.firstSlice), 1),
                vpc.allocated(CLUSTER_A, vpc.ip(3), "srv-1"), vpc.allocated(CLUSTER_A, vpc.ip(4), "srv-2"));
        TrackedEventMessage<?> released = vpc.next(new IpReleasedEvent(vpc.id, vpc.subnet, CLUSTER_A, vpc.ip(3), "srv-1"), "trace-r");
        vpc.deliver(released);

        assertThat(database.rows().all("SELECT address FROM ip_allocation_view WHERE vpc_id = ?", vpc.id.value()))
                .containsExactly(row("address", vpc.ip(4)));
        assertThat(pool(vpc, CLUSTER_A)).containsEntry("used", 1);
        assertThat(history(vpc)).hasSize(3).last().isEqualTo(row(
                "event_id", released.getIdentifier(), "global_index", globalIndex(released), "address", vpc.ip(3),
                "action", "RELEASED", "vpc_id", vpc.id.value(), "subnet_id", vpc.subnet.value(), "cluster_id", "cl-a",
                "owner", "srv-1", "trace_id", "trace-r", "occurred_at", T0.plusSeconds(5)));
    }

    @Test
    void anAddressEventWithoutATraceIdHasNoneInTheHistory() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(), vpc.slicesChanged(CLUSTER_A, List.of(0), List.of(vpc.firstSlice), 1),
                vpc.next(new IpAllocatedEvent(vpc.id, vpc.subnet, CLUSTER_A, vpc.ip(5), "srv-1")));

        assertThat(history(vpc)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("trace_id", null).containsEntry("address", vpc.ip(5)));
    }

    @Test
    void anAddressEventDeliveredTwiceIsCountedAndRecordedOnce() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(), vpc.slicesChanged(CLUSTER_A, List.of(0), List.of(vpc.firstSlice), 1));
        TrackedEventMessage<?> allocated = vpc.allocated(CLUSTER_A, vpc.ip(6), "srv-1");
        TrackedEventMessage<?> released = vpc.next(new IpReleasedEvent(vpc.id, vpc.subnet, CLUSTER_A, vpc.ip(6), "srv-1"), "trace-r");
        TrackedEventMessage<?> again = vpc.allocated(CLUSTER_A, vpc.ip(7), "srv-2");

        vpc.deliver(allocated, allocated);
        assertThat(pool(vpc, CLUSTER_A)).containsEntry("used", 1);
        assertThat(history(vpc)).hasSize(1);

        // the allocation once more after its release: the address stays free and is not counted again
        vpc.deliver(released, released, allocated, again, again);
        assertThat(database.rows().all("SELECT address FROM ip_allocation_view WHERE vpc_id = ?", vpc.id.value()))
                .containsExactly(row("address", vpc.ip(7)));
        assertThat(pool(vpc, CLUSTER_A)).containsEntry("used", 1);
        assertThat(history(vpc)).extracting(entry -> entry.get("action")).containsExactly("ALLOCATED", "RELEASED", "ALLOCATED");
        assertThat(position(vpc)).isEqualTo(5L);
    }

    @Test
    void aReplayOfAVpcsWholeHistoryChangesNothing() {
        Vpc vpc = new Vpc();
        vpc.deliver(vpc.created(), vpc.subnetAllocated(), vpc.slicesChanged(CLUSTER_A, List.of(0), List.of(vpc.firstSlice), 1),
                vpc.next(new ClusterSlicesProvisioningFailedEvent(vpc.id, vpc.subnet, CLUSTER_A, 1, "neutron 503", 1)),
                vpc.next(new ClusterSlicesProvisionedEvent(vpc.id, vpc.subnet, CLUSTER_A, 1, "net-1", "sub-1")),
                vpc.allocated(CLUSTER_A, vpc.ip(8), "srv-1"),
                vpc.allocated(CLUSTER_A, vpc.ip(9), "srv-2"),
                vpc.next(new IpReleasedEvent(vpc.id, vpc.subnet, CLUSTER_A, vpc.ip(9), "srv-2"), "trace-r"),
                vpc.slicesChanged(CLUSTER_A, List.of(0, 1), List.of(vpc.firstSlice, vpc.secondSlice), 2),
                vpc.next(new IpReleasedEvent(vpc.id, vpc.subnet, CLUSTER_A, vpc.ip(8), "srv-1"), "trace-r2"),
                vpc.next(new SubnetDeletedEvent(vpc.id, vpc.subnet, vpc.subnetCidr, List.of(CLUSTER_A))),
                vpc.next(new VpcDeletedEvent(vpc.id, vpc.cidr)));

        // inserts would fail on their keys, counters count twice, statuses go back, if applied again
        database.projector().assertRedeliveryChangesNothing(vpc.delivered, NetworkViewProjectionTest::views);
    }

    @Test
    void eachVpcKeepsItsOwnPosition() {
        Vpc ahead = new Vpc();
        ahead.deliver(ahead.created(), ahead.subnetAllocated(), ahead.next(new VpcDeletedEvent(ahead.id, ahead.cidr)));
        Vpc behind = new Vpc();
        behind.deliver(behind.created(), behind.subnetAllocated());

        assertThat(position(ahead)).isEqualTo(2L);
        assertThat(position(behind)).isEqualTo(1L);
        assertThat(database.rows().all("SELECT id FROM subnet_view WHERE vpc_id = ?", behind.id.value())).hasSize(1);
    }

    /** One VPC's events, numbered from sequence 0, a second apart. */
    private static final class Vpc {
        final VpcId id = VpcId.random();
        final SubnetId subnet = SubnetId.of(id, 1);
        private final int block = BLOCKS.incrementAndGet();
        private final String prefix = "10." + block + ".0.";
        final String cidr = prefix + "0/20";
        final String subnetCidr = prefix + "0/24";
        /** The subnet's first two /25 slices and a /25 of the next /24, as Neutron allocation pools. */
        final String firstSlice = prefix + "2-" + prefix + "126";
        final String secondSlice = prefix + "128-" + prefix + "254";
        final String thirdSlice = "10." + block + ".1.0-10." + block + ".1.127";
        final List<TrackedEventMessage<?>> delivered = new ArrayList<>();
        private long sequence = -1;

        TrackedEventMessage<?> created() {
            return next(new VpcCreatedEvent(id, "eu", "tenant-a", "prod", null, "web", cidr));
        }

        TrackedEventMessage<?> subnetAllocated() {
            return next(new SubnetAllocatedEvent(id, subnet, "fra-idc-1", subnetCidr, ip(1)));
        }

        TrackedEventMessage<?> slicesChanged(ClusterId cluster, List<Integer> slices, List<String> pools, int revision) {
            return next(new ClusterSlicesChangedEvent(id, subnet, "fra-idc-1", subnetCidr, ip(1), cluster, slices, pools,
                    revision, "plan"));
        }

        String ip(int last) {
            return prefix + last;
        }

        /** With the trace id {@code trace-<sequence>}. */
        TrackedEventMessage<?> allocated(ClusterId cluster, String address, String owner) {
            return next(new IpAllocatedEvent(id, subnet, cluster, address, owner), "trace-" + (sequence + 1));
        }

        TrackedEventMessage<?> next(Object event) {
            sequence++;
            return Events.domain(id.value(), sequence, event, T0.plusSeconds(sequence));
        }

        TrackedEventMessage<?> next(Object event, String traceId) {
            sequence++;
            return Events.domain(id.value(), sequence, event, T0.plusSeconds(sequence), Map.of("traceId", traceId));
        }

        void deliver(TrackedEventMessage<?>... messages) {
            database.projector().deliver(messages);
            for (TrackedEventMessage<?> message : messages) {
                if (!delivered.contains(message)) {
                    delivered.add(message);
                }
            }
        }
    }

    private static long globalIndex(TrackedEventMessage<?> message) {
        return message.trackingToken().position().orElseThrow();
    }

    private static Long position(Vpc vpc) {
        return database.jdbc().queryForObject("SELECT sequence FROM network_view_position WHERE vpc_id = ?", Long.class,
                vpc.id.value());
    }

    private static Map<String, Object> pool(Vpc vpc, ClusterId cluster) {
        return database.rows().one("SELECT * FROM ip_pool_view WHERE subnet_id = ? AND cluster_id = ?", vpc.subnet.value(),
                cluster.value());
    }

    private static List<Map<String, Object>> pools(Vpc vpc) {
        return database.rows().all("SELECT * FROM ip_pool_view WHERE vpc_id = ?", vpc.id.value());
    }

    private static List<Map<String, Object>> history(Vpc vpc) {
        return database.rows().all("SELECT * FROM ip_history_view WHERE vpc_id = ? ORDER BY global_index", vpc.id.value());
    }

    private static Map<String, List<Map<String, Object>>> views() {
        Map<String, List<Map<String, Object>>> views = new LinkedHashMap<>();
        VIEWS.forEach(view -> views.put(view, database.rows().table(view)));
        return views;
    }
}
