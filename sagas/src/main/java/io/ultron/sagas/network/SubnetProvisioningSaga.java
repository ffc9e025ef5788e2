package io.ultron.sagas.network;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSlicesProvisioningFailedEvent;
import io.ultron.api.network.DeleteNeutronSubnetCommand;
import io.ultron.api.network.EnsureNeutronSubnetCommand;
import io.ultron.api.network.NeutronSubnetDriftedEvent;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetDeletedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.sagas.Backoff;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes one subnet real in Neutron in every cluster that owns slices of it, and keeps each cluster's
 * allocation pools equal to its slices. Per cluster at most one call is in flight; a change that arrives
 * meanwhile is sent when the call reports back, so pools never go backwards. A failed call is retried by a
 * persistent deadline with exponential backoff; each failure is recorded on the subnet, so it is visible. A call
 * whose outcome never comes back (lost, or its conductor died) is sent again by a watchdog deadline.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class SubnetProvisioningSaga {

    static final String SUBNET_KEY = "subnetId";
    static final String RETRY_DEADLINE = "retry-neutron-subnet";
    static final String WATCHDOG = "neutron-subnet-watchdog";
    /** A Neutron call takes about a second; one without news for this long is sent again (its conductor may have died). */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(2);

    private VpcId vpcId;
    private SubnetId subnetId;
    private String cidr;
    private String gateway;
    private Map<String, ClusterProgress> clusters = new HashMap<>();

    /** What the saga knows of one cluster: the newest pools asked for and the call in flight. */
    public static class ClusterProgress {
        public int latestRevision;
        public List<String> latestPools = List.of();
        public Integer inFlightRevision;
        public int failedAttempts;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(SubnetAllocatedEvent event) {
        vpcId = event.vpcId();
        subnetId = event.subnetId();
        cidr = event.cidr();
        gateway = event.gateway();
    }

    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(ClusterSlicesChangedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        ClusterProgress progress = clusters.computeIfAbsent(event.clusterId().value(), c -> new ClusterProgress());
        progress.latestRevision = event.revision();
        progress.latestPools = event.pools();
        if (progress.inFlightRevision == null) {
            send(event.clusterId(), progress, commands, deadlines);
        }
    }

    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(ClusterSlicesProvisionedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        ClusterProgress progress = clusters.get(event.clusterId().value());
        progress.inFlightRevision = null;
        progress.failedAttempts = 0;
        if (progress.latestRevision > event.revision()) {
            send(event.clusterId(), progress, commands, deadlines);
        }
    }

    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(ClusterSlicesProvisioningFailedEvent event, DeadlineManager deadlines) {
        ClusterProgress progress = clusters.get(event.clusterId().value());
        progress.inFlightRevision = null;
        progress.failedAttempts = event.attempt();
        deadlines.schedule(backoff(event.attempt()), RETRY_DEADLINE, event.clusterId());
    }

    /**
     * Sync found the cluster's Neutron copy missing or with other pools: ensured again with the latest pools (the
     * IPAM's), unless a call is in flight already, which does the same. Its report records the repair on the VPC.
     */
    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(NeutronSubnetDriftedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        ClusterProgress progress = clusters.get(event.clusterId().value());
        if (progress != null && progress.inFlightRevision == null) {
            send(event.clusterId(), progress, commands, deadlines);
        }
    }

    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    void retry(ClusterId cluster, CommandGateway commands, DeadlineManager deadlines) {
        ClusterProgress progress = clusters.get(cluster.value());
        if (progress != null && progress.inFlightRevision == null) {
            send(cluster, progress, commands, deadlines);
        }
    }

    /** The call for {@code watched} has not reported back: its result was lost, or its conductor died. */
    @DeadlineHandler(deadlineName = WATCHDOG)
    void stepTimedOut(Watched watched, CommandGateway commands, DeadlineManager deadlines) {
        ClusterProgress progress = clusters.get(watched.clusterId());
        if (progress != null && Integer.valueOf(watched.revision()).equals(progress.inFlightRevision)) {
            send(new ClusterId(watched.clusterId()), progress, commands, deadlines);
        }
    }

    /** Which call a watchdog deadline watches: a later call or a report makes it stale. */
    public record Watched(String clusterId, int revision) {
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(SubnetDeletedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(RETRY_DEADLINE);
        deadlines.cancelAllWithinScope(WATCHDOG);
        for (ClusterId cluster : event.clusters()) {
            commands.send(new DeleteNeutronSubnetCommand(vpcId, subnetId, cluster));
        }
    }

    private void send(ClusterId cluster, ClusterProgress progress, CommandGateway commands, DeadlineManager deadlines) {
        progress.inFlightRevision = progress.latestRevision;
        deadlines.schedule(STEP_TIMEOUT, WATCHDOG, new Watched(cluster.value(), progress.latestRevision));
        commands.send(new EnsureNeutronSubnetCommand(vpcId, subnetId, cluster, cidr, gateway, progress.latestPools,
                progress.latestRevision, progress.failedAttempts + 1));
    }

    static Duration backoff(int attempt) {
        return Backoff.exponential(attempt, FIRST_RETRY, MAX_RETRY);
    }
}
