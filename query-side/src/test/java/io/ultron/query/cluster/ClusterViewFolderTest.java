package io.ultron.query.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterCapabilitiesUpdatedEvent;
import io.ultron.api.cluster.ClusterDrainedEvent;
import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewFolderTest {

    private static final ClusterId ID = ClusterId.of("cl-1");

    @Test
    void foldsRegistrationCapabilitiesDrainAndEnableIntoTheView() {
        ClusterView view = null;
        view = fold(view, 0, new ClusterRegisteredEvent(ID, "bj1-az1", "beijing", "bj-idc-1", "https://k", "clusters/bj1-az1",
                "zed", Set.of(Capability.CLOUD_DISK), 20));
        view = fold(view, 1, new ClusterCapabilitiesUpdatedEvent(ID, Set.of(Capability.BARE_METAL)));
        view = fold(view, 2, new ClusterDrainedEvent(ID, "upgrade", false));

        assertThat(view.status()).isEqualTo(ClusterStatus.DRAINING);
        assertThat(view.drainReason()).isEqualTo("upgrade");
        assertThat(view.capabilities()).containsExactly(Capability.BARE_METAL);
        assertThat(view.version()).isEqualTo(2);

        view = fold(view, 3, new ClusterEnabledEvent(ID));
        assertThat(view.status()).isEqualTo(ClusterStatus.ACTIVE);
        assertThat(view.drainReason()).isNull();
        assertThat(view.registeredAt()).isBeforeOrEqualTo(view.updatedAt());
    }

    @Test
    void nothingBeforeTheRegistration() {
        assertThat(fold(null, 1, new ClusterEnabledEvent(ID))).isNull();
    }

    private static ClusterView fold(ClusterView state, long sequence, Object payload) {
        DomainEventMessage<?> event = new GenericDomainEventMessage<>("Cluster", ID.value(), sequence, payload);
        return ClusterViewFolder.INSTANCE.fold(state, event);
    }
}
