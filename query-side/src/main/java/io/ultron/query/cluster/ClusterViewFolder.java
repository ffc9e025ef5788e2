package io.ultron.query.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterCapabilitiesUpdatedEvent;
import io.ultron.api.cluster.ClusterCapacityBecameKnownEvent;
import io.ultron.api.cluster.ClusterCapacityBecameUnknownEvent;
import io.ultron.api.cluster.ClusterDrainedEvent;
import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterHealthChangedEvent;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.query.audit.StateFolder;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** A cluster's view rebuilt from its events, the same fields the cluster-view projection keeps. */
final class ClusterViewFolder implements StateFolder<ClusterView> {

    static final ClusterViewFolder INSTANCE = new ClusterViewFolder();

    private ClusterViewFolder() {
    }

    @Override
    public ClusterView fold(ClusterView state, DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        long version = event.getSequenceNumber();
        Instant time = event.getTimestamp();
        if (payload instanceof ClusterRegisteredEvent e) {
            return new ClusterView(e.clusterId(), e.name(), e.area(), e.idc(), e.keystoneUrl(), e.credentialsRef(),
                    e.release(), copy(e.capabilities()), e.maxConcurrentCalls(), ClusterStatus.ACTIVE, time, time, version, null);
        }
        if (state == null) {
            return null;
        }
        if (payload instanceof ClusterCapabilitiesUpdatedEvent e) {
            return with(state, copy(e.capabilities()), state.status(), state.drainReason(), time, version);
        }
        if (payload instanceof ClusterDrainedEvent e) {
            return with(state, state.capabilities(), ClusterStatus.DRAINING, e.reason(), time, version);
        }
        if (payload instanceof ClusterEnabledEvent) {
            return with(state, state.capabilities(), ClusterStatus.ACTIVE, null, time, version);
        }
        if (payload instanceof ClusterCapacityBecameUnknownEvent e) {
            return withCapacity(state, time, e.reason(), time, version);
        }
        if (payload instanceof ClusterCapacityBecameKnownEvent) {
            return withCapacity(state, null, null, time, version);
        }
        if (payload instanceof ClusterHealthChangedEvent e) {
            return new ClusterView(state.id(), state.name(), state.area(), state.idc(), state.keystoneUrl(),
                    state.credentialsRef(), state.release(), state.capabilities(), state.maxConcurrentCalls(),
                    state.status(), state.registeredAt(), time, version, state.drainReason(), state.capacityUnknownSince(),
                    state.capacityUnknownReason(), e.health(), time, e.reason());
        }
        return state;
    }

    private static ClusterView with(ClusterView s, Set<Capability> capabilities, ClusterStatus status, String drainReason,
                                    Instant time, long version) {
        return new ClusterView(s.id(), s.name(), s.area(), s.idc(), s.keystoneUrl(), s.credentialsRef(), s.release(),
                capabilities, s.maxConcurrentCalls(), status, s.registeredAt(), time, version, drainReason,
                s.capacityUnknownSince(), s.capacityUnknownReason(), s.health(), s.healthSince(), s.healthReason());
    }

    private static ClusterView withCapacity(ClusterView s, Instant unknownSince, String unknownReason, Instant time,
                                            long version) {
        return new ClusterView(s.id(), s.name(), s.area(), s.idc(), s.keystoneUrl(), s.credentialsRef(), s.release(),
                s.capabilities(), s.maxConcurrentCalls(), s.status(), s.registeredAt(), time, version, s.drainReason(),
                unknownSince, unknownReason, s.health(), s.healthSince(), s.healthReason());
    }

    private static Set<Capability> copy(Set<Capability> capabilities) {
        return capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }
}
