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
import io.ultron.api.cluster.ClusterHealth;
import io.ultron.api.cluster.ClusterHealthChangedEvent;
import io.ultron.api.cluster.DrainClusterCommand;
import io.ultron.api.cluster.RecordClusterHealthCommand;
import io.ultron.api.cluster.EnableClusterCommand;
import io.ultron.api.cluster.MarkClusterCapacityKnownCommand;
import io.ultron.api.cluster.MarkClusterCapacityUnknownCommand;
import io.ultron.api.cluster.RegisterClusterCommand;
import io.ultron.api.cluster.UpdateClusterCapabilitiesCommand;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTest {

    static final ClusterId ID = ClusterId.of("cl-1");

    AggregateTestFixture<Cluster> fixture;
    InMemoryClusterRegistry registry;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        registry = new InMemoryClusterRegistry();
        fixture.registerInjectableResource(registry);
    }

    static RegisterClusterCommand register(String name, String idc) {
        return new RegisterClusterCommand(ID, name, "beijing", idc, "https://keystone.bj1:5000/v3", "clusters/" + name,
                "zed", Set.of(Capability.CLOUD_DISK), 20);
    }

    static ClusterRegisteredEvent registered() {
        return new ClusterRegisteredEvent(ID, "bj1-az1", "beijing", "bj-idc-1", "https://keystone.bj1:5000/v3",
                "clusters/bj1-az1", "zed", Set.of(Capability.CLOUD_DISK), 20);
    }

    @Test
    void registersAClusterAndClaimsItsName() {
        fixture.givenNoPriorActivity()
                .when(register("bj1-az1", "bj-idc-1"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered());
        assertThat(registry.claims).containsEntry("bj1-az1", "bj-idc-1");
    }

    @Test
    void refusesAMalformedKeystoneUrlBeforeClaimingTheName() {
        var command = new RegisterClusterCommand(ID, "bj1-az1", "beijing", "bj-idc-1", "https://keystone.bj1:5000/v2.0",
                "clusters/bj1-az1", "zed", Set.of(), 20);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(DomainException.class)
                .expectNoEvents();
        assertThat(registry.claims).isEmpty();
    }

    @Test
    void refusesATakenName() {
        registry.claims.put("bj1-az1", "bj-idc-2");
        fixture.givenNoPriorActivity()
                .when(register("bj1-az1", "bj-idc-1"))
                .expectException(DomainException.class)
                .expectExceptionMessage("a cluster named 'bj1-az1' already exists")
                .expectNoEvents();
    }

    @Test
    void updatesCapabilitiesOnlyWhenTheyChange() {
        fixture.given(registered())
                .when(new UpdateClusterCapabilitiesCommand(ID, Set.of(Capability.BARE_METAL, Capability.LOAD_BALANCER)))
                .expectEvents(new ClusterCapabilitiesUpdatedEvent(ID, Set.of(Capability.BARE_METAL, Capability.LOAD_BALANCER)));
        fixture.given(registered())
                .when(new UpdateClusterCapabilitiesCommand(ID, Set.of(Capability.CLOUD_DISK)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void drainsAnActiveClusterOnce() {
        fixture.given(registered())
                .when(new DrainClusterCommand(ID, "maintenance", false))
                .expectEvents(new ClusterDrainedEvent(ID, "maintenance", false));
        assertThat(registry.statuses).containsEntry(ID, ClusterStatus.DRAINING);
        fixture.given(registered(), new ClusterDrainedEvent(ID, "maintenance", false))
                .when(new DrainClusterCommand(ID, "again", false))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void enablesOnlyADrainingCluster() {
        fixture.given(registered(), new ClusterDrainedEvent(ID, "maintenance", false))
                .when(new EnableClusterCommand(ID))
                .expectEvents(new ClusterEnabledEvent(ID));
        assertThat(registry.statuses).containsEntry(ID, ClusterStatus.ACTIVE);
        fixture.given(registered())
                .when(new EnableClusterCommand(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /** A real (in-memory) registry with the same rules as the JDBC one, for the aggregate's unit tests. */
    static final class InMemoryClusterRegistry implements ClusterRegistry {
        final Map<String, String> claims = new HashMap<>();
        final Map<ClusterId, ClusterStatus> statuses = new HashMap<>();

        @Override
        public void claim(ClusterId clusterId, String name, String idc) {
            if (claims.containsKey(name)) {
                throw new DomainException(ErrorKind.CONFLICT, "cluster-name-taken", "a cluster named '" + name + "' already exists");
            }
            if (claims.values().stream().filter(idc::equals).count() >= MAX_CLUSTERS_PER_IDC) {
                throw new DomainException(ErrorKind.RULE_VIOLATION, "idc-full", "IDC full");
            }
            claims.put(name, idc);
        }

        @Override
        public void statusChanged(ClusterId clusterId, ClusterStatus status) {
            statuses.put(clusterId, status);
        }
    }

    @Test
    void aCapacityThatCannotBeReadIsMarkedOncePerOutageWithItsReason() {
        fixture.given(registered())
                .when(new MarkClusterCapacityUnknownCommand(ID, "Nova answered 404"))
                .expectEvents(new ClusterCapacityBecameUnknownEvent(ID, "Nova answered 404"));
        fixture.given(registered(), new ClusterCapacityBecameUnknownEvent(ID, "Nova answered 404"))
                .when(new MarkClusterCapacityUnknownCommand(ID, "Nova answered 500"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aCapacityReadAgainIsMarkedKnownOnlyIfItWasUnknown() {
        fixture.given(registered(), new ClusterCapacityBecameUnknownEvent(ID, "Nova answered 404"))
                .when(new MarkClusterCapacityKnownCommand(ID))
                .expectEvents(new ClusterCapacityBecameKnownEvent(ID));
        fixture.given(registered())
                .when(new MarkClusterCapacityKnownCommand(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void healthIsRecordedWhenItChangesOnly() {
        fixture.given(registered())
                .when(new RecordClusterHealthCommand(ID, ClusterHealth.UP, null))
                .expectEvents(new ClusterHealthChangedEvent(ID, ClusterHealth.UP, null));
        fixture.given(registered(), new ClusterHealthChangedEvent(ID, ClusterHealth.UP, null))
                .when(new RecordClusterHealthCommand(ID, ClusterHealth.UP, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(registered(), new ClusterHealthChangedEvent(ID, ClusterHealth.DEGRADED, "Nova answered 503"))
                .when(new RecordClusterHealthCommand(ID, ClusterHealth.DEGRADED, "Nova answered 502"))
                .expectNoEvents();
        fixture.given(registered(), new ClusterHealthChangedEvent(ID, ClusterHealth.DEGRADED, "Nova answered 503"))
                .when(new RecordClusterHealthCommand(ID, ClusterHealth.DOWN, "x".repeat(600)))
                .expectEvents(new ClusterHealthChangedEvent(ID, ClusterHealth.DOWN, "x".repeat(497) + "..."));
    }

    @Test
    void aLongReasonIsCutToWhatTheViewKeeps() {
        fixture.given(registered())
                .when(new MarkClusterCapacityUnknownCommand(ID, "x".repeat(2_000)))
                .expectEvents(new ClusterCapacityBecameUnknownEvent(ID, "x".repeat(Cluster.MAX_REASON - 3) + "..."));
    }
}
