package io.ultron.sagas.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.compute.ComputeViews.ServerView;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Neutron part of a cluster's sync: reads Ultron's subnets there on every sync (they are few) and its ports on
 * full syncs only (tens of thousands; see {@link OpenStackNetworks#listPorts} for why not incrementally), compares
 * them with Ultron's views ({@link NetworkDrift}) and records what differs through commands under the sync's trace.
 * The aggregates' events start the repairs (the subnet saga, the port repair saga).
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

    NeutronSync(OpenStackNetworks networks, QueryGateway queries, CommandGateway commands, MeterRegistry meters) {
        this.networks = networks;
        this.queries = queries;
        this.commands = commands;
        this.meters = meters;
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
                        (List<ObservedPort> ports, Reading reading) ->
                                NetworkDrift.portCommands(reading.known(), reading.servers(), ports, observedAt));
        // both readings settle before anything is recorded or the sync ends, failed or not
        return CompletableFuture.allOf(subnetDrift, portDrift).thenCompose(read -> subnetDrift.thenCombine(portDrift, (subnet, port) -> {
            List<Object> all = new ArrayList<>(subnet);
            all.addAll(port);
            return all;
        })).thenCompose(drift -> record(cluster, drift, trace).thenApply(done -> drift.size()));
    }

    private record Reading(List<ServerView> known, List<ObservedServer> servers) {
    }

    private CompletableFuture<Void> record(ClusterView cluster, List<Object> drift, MetaData trace) {
        CompletableFuture<?>[] sent = drift.stream().map(command -> {
            Counter.builder("ultron.sync.drift").tag("cluster", cluster.name()).tag("kind", NetworkDrift.kind(command))
                    .register(meters).increment();
            return commands.send(GenericCommandMessage.asCommandMessage(command).andMetaData(trace))
                    .exceptionally(refused -> {
                        log.warn("drift in cluster {} not recorded ({}): {}", cluster.name(), command,
                                Failures.cause(refused).toString());
                        return null;
                    });
        }).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent);
    }
}
