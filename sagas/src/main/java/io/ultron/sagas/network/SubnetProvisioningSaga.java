package io.ultron.sagas.network;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSlicesProvisioningFailedEvent;
import io.ultron.api.network.DeleteNeutronSubnetCommand;
import io.ultron.api.network.EnsureNeutronSubnetCommand;
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
 * persistent deadline with exponential backoff; each failure is recorded on the subnet, so it is visible.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class SubnetProvisioningSaga {

    static final String SUBNET_KEY = "subnetId";
    static final String RETRY_DEADLINE = "retry-neutron-subnet";
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
    void on(ClusterSlicesChangedEvent event, CommandGateway commands) {
        ClusterProgress progress = clusters.computeIfAbsent(event.clusterId().value(), c -> new ClusterProgress());
        progress.latestRevision = event.revision();
        progress.latestPools = event.pools();
        if (progress.inFlightRevision == null) {
            send(event.clusterId(), progress, commands);
        }
    }

    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(ClusterSlicesProvisionedEvent event, CommandGateway commands) {
        ClusterProgress progress = clusters.get(event.clusterId().value());
        progress.inFlightRevision = null;
        progress.failedAttempts = 0;
        if (progress.latestRevision > event.revision()) {
            send(event.clusterId(), progress, commands);
        }
    }

    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(ClusterSlicesProvisioningFailedEvent event, DeadlineManager deadlines) {
        ClusterProgress progress = clusters.get(event.clusterId().value());
        progress.inFlightRevision = null;
        progress.failedAttempts = event.attempt();
        deadlines.schedule(backoff(event.attempt()), RETRY_DEADLINE, event.clusterId());
    }

    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    void retry(ClusterId cluster, CommandGateway commands) {
        ClusterProgress progress = clusters.get(cluster.value());
        if (progress != null && progress.inFlightRevision == null) {
            send(cluster, progress, commands);
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SUBNET_KEY)
    void on(SubnetDeletedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(RETRY_DEADLINE);
        for (ClusterId cluster : event.clusters()) {
            commands.send(new DeleteNeutronSubnetCommand(vpcId, subnetId, cluster));
        }
    }

    private void send(ClusterId cluster, ClusterProgress progress, CommandGateway commands) {
        progress.inFlightRevision = progress.latestRevision;
        commands.send(new EnsureNeutronSubnetCommand(vpcId, subnetId, cluster, cidr, gateway, progress.latestPools,
                progress.latestRevision, progress.failedAttempts + 1));
    }

    static Duration backoff(int attempt) {
        return Backoff.exponential(attempt, FIRST_RETRY, MAX_RETRY);
    }
}
