package io.ultron.sagas.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.drift.RecordLeftoverPortCommand;
import io.ultron.api.drift.RecordLeftoverPortDeletedCommand;
import io.ultron.api.network.NetworkQueries.FindIpPoolsQuery;
import io.ultron.api.network.NetworkViews.IpPoolsView;
import io.ultron.sagas.Failures;
import io.ultron.sagas.openstack.OpenStackCompute.ObservedServer;
import io.ultron.sagas.openstack.OpenStackNetworks;
import io.ultron.sagas.openstack.OpenStackNetworks.ObservedPort;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Neutron part of a cluster's sync: reads Ultron's subnets there on every sync (they are few) and its ports on
 * full syncs only (tens of thousands; see {@link OpenStackNetworks#listPorts} for why not incrementally), compares
 * them with Ultron's views ({@link NetworkDrift}) and records what differs through commands under the sync's trace.
 * The aggregates' events start the repairs (the subnet saga, the port repair saga). Ports named {@code ultron-*} that
 * no server of the cluster owns are leftovers, deleted by sync after {@code ultron.sync.leftover-grace}.
 * <p>
 * A drift command that is refused (its VPC or server went away since the view was read) is logged, not a failed
 * sync: the next sync reads again.
 */
@Component
@ConditionalOnProperty(name = "ultron.sync.enabled", havingValue = "true", matchIfMissing = true)
class NeutronSync {

    private static final Logger log = LoggerFactory.getLogger(NeutronSync.class);

    private final OpenStackNetworks networks;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final MeterRegistry meters;
    private final Duration leftoverGrace;

    NeutronSync(OpenStackNetworks networks, QueryGateway queries, CommandGateway commands, MeterRegistry meters,
                SyncSettings settings) {
        this.networks = networks;
        this.queries = queries;
        this.commands = commands;
        this.meters = meters;
        this.leftoverGrace = settings.leftoverGrace();
    }

    /**
     * @param known      Ultron's built servers of the cluster, as the server part of the sync reads them
     * @param servers    the cluster's servers as the server part of the sync reads them (all of them on a full sync)
     * @param observedAt when the sync started reading
     * @return how many differences it recorded
     */
    CompletableFuture<Integer> sync(ClusterView cluster, boolean full, CompletableFuture<List<ServerView>> known,
                                    CompletableFuture<List<ObservedServer>> servers, Instant observedAt, MetaData trace) {
        String traceId = String.valueOf(trace.get("traceId"));
        var subnets = networks.listSubnets(cluster.id(), traceId);
        var pools = queries.query(new FindIpPoolsQuery(null, cluster.id().value(), null), ResponseTypes.instanceOf(IpPoolsView.class));
        CompletableFuture<List<Object>> subnetDrift = subnets.thenCombine(pools,
                (seen, ours) -> NetworkDrift.subnetCommands(cluster.id(), ours.pools(), seen, observedAt));
        CompletableFuture<List<Object>> portDrift = !full ? CompletableFuture.completedFuture(List.of())
                : networks.listPorts(cluster.id(), traceId).thenCombine(known.thenCombine(servers, Reading::new),
                        (List<ObservedPort> ports, Reading reading) -> {
                            List<Object> drift = new ArrayList<>(
                                    NetworkDrift.portCommands(reading.known(), reading.servers(), ports, observedAt));
                            drift.addAll(NetworkDrift.leftoverPortCommands(cluster.id(), reading.known(), ports, leftoverGrace,
                                    observedAt));
                            return drift;
                        });
        // both readings settle before anything is recorded or the sync ends, failed or not
        return CompletableFuture.allOf(subnetDrift, portDrift).thenCompose(read -> subnetDrift.thenCombine(portDrift, (subnet, port) -> {
            List<Object> all = new ArrayList<>(subnet);
            all.addAll(port);
            return all;
        })).thenCompose(drift -> record(cluster, drift, trace).thenApply(done -> drift.size()));
    }

    /** Deleted by its id (a name says nothing about which of several ports it is), then recorded. */
    private CompletableFuture<Object> deleteLeftover(ClusterView cluster, RecordLeftoverPortCommand command, String portId,
                                                     MetaData trace) {
        if (portId == null) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("deleting leftover port {} ({}) of cluster {}", portId, command.name(), cluster.name());
        return networks.deletePortById(cluster.id(), portId, String.valueOf(trace.get("traceId"))).thenCompose(deleted ->
                commands.send(GenericCommandMessage.asCommandMessage(new RecordLeftoverPortDeletedCommand(command.id()))
                        .andMetaData(trace)));
    }

    private record Reading(List<ServerView> known, List<ObservedServer> servers) {
    }

    private CompletableFuture<Void> record(ClusterView cluster, List<Object> drift, MetaData trace) {
        CompletableFuture<?>[] sent = drift.stream().map(command -> {
            Counter.builder("ultron.sync.drift").tag("cluster", cluster.name()).tag("kind", NetworkDrift.kind(command))
                    .register(meters).increment();
            CompletableFuture<Object> recorded = commands.send(GenericCommandMessage.asCommandMessage(command).andMetaData(trace));
            if (command instanceof RecordLeftoverPortCommand leftover) {
                recorded = recorded.thenCompose(portId -> deleteLeftover(cluster, leftover, (String) portId, trace));
            }
            return recorded
                    .exceptionally(refused -> {
                        log.warn("drift in cluster {} not recorded ({}): {}", cluster.name(), command,
                                Failures.cause(refused).toString());
                        return null;
                    });
        }).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent);
    }
}
