package io.ultron.command.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClustersQuery;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.NetworkQueries.FindSubnetsQuery;
import io.ultron.api.network.NetworkViews.IpPoolView;
import io.ultron.api.network.NetworkViews.SubnetView;
import io.ultron.api.network.SubnetId;
import io.ultron.command.compute.CapacityReservations.ObservedCapacity;
import io.ultron.command.compute.ComputeConfiguration.ComputeProperties;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Places servers on the clusters of their IDC: gathers what {@link PlacementPolicy} needs (clusters from the cluster
 * view, Nova statistics and reservations from Redis, free addresses from the VPC's pools), lets the policy decide,
 * and reserves what it chose, all under the IDC's placement lock.
 */
@Component
public class ServerPlacement implements SecondPlacement {

    /** Usable addresses of a /22 subnet: 1,024 less network, gateway and broadcast. */
    private static final int USABLE_PER_SUBNET = 1021;
    private static final int SUBNETS_PER_VPC = 4;

    private final QueryGateway queries;
    private final CapacityReservations redis;
    private final ComputeProperties properties;
    private final Clock clock;

    ServerPlacement(QueryGateway queries, CapacityReservations redis, ComputeProperties properties) {
        this.queries = queries;
        this.redis = redis;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** The flavor's size and Nova id; 400 for a flavor not in the catalog. */
    public ComputeProperties.Flavor flavor(String name) {
        ComputeProperties.Flavor flavor = properties.flavors().get(name);
        if (flavor == null) {
            throw new DomainException(ErrorKind.BAD_INPUT, "unknown-flavor", "no flavor " + name + "; known: "
                    + new TreeMap<>(properties.flavors()).keySet());
        }
        return flavor;
    }

    /**
     * Places {@code count} servers named by {@code names} and reserves their room.
     *
     * @return the placed servers; fewer than {@code count} only when {@code allowPartial}
     */
    public List<PlacedServer> place(ServerSpec spec, int count, boolean allowPartial, IntFunction<String> names) {
        ComputeProperties.Flavor flavor = flavor(spec.flavor());
        ServerShape shape = new ServerShape(flavor.vcpus(), flavor.ramMb(), spec.bootDisk());
        return redis.underIdcLock(spec.idc(), properties.placementLockTtl(), () -> {
            Situation situation = situation(spec, List.of());
            PlacementResult result = PlacementPolicy.place(shape, count, situation.candidates(), allowPartial);
            if (result instanceof PlacementResult.Refused refused) {
                throw refusal(refused, situation);
            }
            Placement placement = result instanceof PlacementResult.Placed placed ? placed.placement()
                    : ((PlacementResult.Partial) result).placement();
            List<PlacedServer> servers = new ArrayList<>();
            placement.serversPerCluster().forEach((cluster, number) -> {
                for (int i = 0; i < number; i++) {
                    ServerId id = ServerId.random();
                    servers.add(new PlacedServer(id, names.apply(servers.size()), ClusterId.of(cluster),
                            situation.subnetFor().get(cluster)));
                    redis.reserve(ClusterId.of(cluster), id, flavor.vcpus(), flavor.ramMb());
                }
            });
            return servers;
        });
    }

    @Override
    public Optional<PlacedServer> placeAgain(ServerId server, ServerSpec spec, int vcpus, int ramMb, List<ClusterId> excluded) {
        ServerShape shape = new ServerShape(vcpus, ramMb, spec.bootDisk());
        return redis.underIdcLock(spec.idc(), properties.placementLockTtl(), () -> {
            Situation situation;
            try {
                situation = situation(spec, excluded);
            } catch (DomainException noneLeft) {
                return Optional.empty();
            }
            if (!(PlacementPolicy.place(shape, 1, situation.candidates(), false) instanceof PlacementResult.Placed placed)) {
                return Optional.empty();
            }
            String cluster = placed.placement().serversPerCluster().keySet().iterator().next();
            redis.reserve(ClusterId.of(cluster), server, vcpus, ramMb);
            return Optional.of(new PlacedServer(server, spec.name(), ClusterId.of(cluster), situation.subnetFor().get(cluster)));
        });
    }

    /** Gives back what placement reserved for servers that will not be created after all. */
    @Override
    public void release(List<PlacedServer> servers) {
        servers.forEach(server -> redis.release(server.clusterId(), server.serverId()));
    }

    void release(ClusterId cluster, ServerId server) {
        redis.release(cluster, server);
    }

    void settle(ClusterId cluster, ServerId server, Instant at) {
        redis.settle(cluster, server, at);
    }

    /**
     * @param notObservedYet clusters without a recent capacity observation that are not known to be unreadable (a
     *                       cluster just registered, or conductors just started): they will have one soon
     * @param unreadable     clusters whose capacity cannot be read (the cluster view says since when and why)
     * @param down           clusters their sync finds DOWN (the cluster view says since when and why)
     */
    private record Situation(List<ClusterCandidate> candidates, Map<String, SubnetId> subnetFor,
                             List<ClusterView> notObservedYet, List<ClusterView> unreadable, List<ClusterView> down) {
    }

    private Situation situation(ServerSpec spec, List<ClusterId> excluded) {
        List<SubnetView> subnets = queries.query(new FindSubnetsQuery(spec.vpcId()),
                ResponseTypes.multipleInstancesOf(SubnetView.class)).join();
        List<SubnetView> inIdc = subnets.stream().filter(subnet -> subnet.idc().equals(spec.idc()))
                .sorted(Comparator.comparing(SubnetView::id)).toList();
        if (inIdc.isEmpty()) {
            throw new DomainException(ErrorKind.RULE_VIOLATION, "no-subnet-in-idc", "VPC " + spec.vpcId()
                    + " has no subnet in IDC " + spec.idc() + "; allocate one first (POST /api/v1/vpcs/{id}/subnets)");
        }
        // addresses not given to any cluster yet: a cluster that runs dry takes them (see the VPC's exhaustion policy)
        int unassigned = (SUBNETS_PER_VPC - subnets.size()) * USABLE_PER_SUBNET;
        Map<String, Integer> freeAddresses = new HashMap<>();
        Map<String, SubnetId> subnetFor = new HashMap<>();
        for (SubnetView subnet : inIdc) {
            unassigned += Math.max(0, USABLE_PER_SUBNET - subnet.pools().stream().mapToInt(IpPoolView::total).sum());
            for (IpPoolView pool : subnet.pools()) {
                freeAddresses.merge(pool.clusterId(), pool.free(), Integer::sum);
                subnetFor.putIfAbsent(pool.clusterId(), SubnetId.of(subnet.id()));
            }
        }
        Set<String> skipped = excluded.stream().map(ClusterId::value).collect(Collectors.toSet());
        List<ClusterView> clusters = queries.query(new FindClustersQuery(null, spec.idc(), null),
                ResponseTypes.multipleInstancesOf(ClusterView.class)).join();
        Instant oldest = clock.instant().minus(properties.capacityMaxAge());
        List<ClusterCandidate> candidates = new ArrayList<>();
        List<ClusterView> notObservedYet = new ArrayList<>();
        List<ClusterView> unreadable = new ArrayList<>();
        List<ClusterView> down = new ArrayList<>();
        for (ClusterView cluster : clusters) {
            String id = cluster.id().value();
            if (skipped.contains(id) || !subnetFor.containsKey(id)) {
                continue;
            }
            if (cluster.down()) {
                if (cluster.status() == ClusterStatus.ACTIVE) {
                    down.add(cluster);
                }
                continue;
            }
            if (cluster.capacityUnknownSince() != null) {
                if (cluster.status() == ClusterStatus.ACTIVE) {
                    unreadable.add(cluster);
                }
                continue;
            }
            Optional<ObservedCapacity> capacity = redis.capacity(cluster.id()).filter(c -> c.observedAt().isAfter(oldest));
            if (capacity.isEmpty()) {
                if (cluster.status() == ClusterStatus.ACTIVE) {
                    notObservedYet.add(cluster);
                }
                continue;
            }
            CapacityReservations.Held held = redis.held(cluster.id(), capacity.get());
            int addresses = Math.max(0, freeAddresses.getOrDefault(id, 0) + unassigned - held.servers());
            candidates.add(new ClusterCandidate(id, cluster.status(), cluster.capabilities(), capacity.get().freeVcpus(),
                    capacity.get().freeRamMb(), held.vcpus(), held.ramMb(), addresses));
        }
        return new Situation(candidates, subnetFor, notObservedYet, unreadable, down);
    }

    /**
     * Why nothing could be placed. With no cluster to place on: clusters whose capacity has merely not been observed
     * yet make it a 503 (they will be soon); clusters whose capacity cannot be read make it a 422 naming each with
     * since when and why, for the operator to fix, not a retry for ever; clusters that are DOWN make it a 503 naming
     * each with since when and why (they may come back). Otherwise the policy's refusal, naming the clusters that
     * were skipped.
     */
    private static DomainException refusal(PlacementResult.Refused refused, Situation situation) {
        boolean noCandidate = situation.candidates().stream().noneMatch(c -> c.status() == ClusterStatus.ACTIVE);
        List<String> skippedOnes = new ArrayList<>();
        if (!situation.unreadable().isEmpty()) {
            skippedOnes.add(unreadable(situation.unreadable()));
        }
        if (!situation.down().isEmpty()) {
            skippedOnes.add(down(situation.down()));
        }
        String skipped = skippedOnes.isEmpty() ? "" : "; skipped: " + String.join("; ", skippedOnes);
        if (noCandidate && situation.notObservedYet().isEmpty() && !situation.down().isEmpty()) {
            return new DomainException(ErrorKind.UNAVAILABLE, "cluster-down",
                    "no cluster of the IDC can take servers now: " + String.join("; ", skippedOnes));
        }
        if (noCandidate && !situation.notObservedYet().isEmpty()) {
            return new DomainException(ErrorKind.UNAVAILABLE, "capacity-unknown", "the capacity of "
                    + names(situation.notObservedYet()) + " has not been observed yet (or not lately); try again shortly"
                    + skipped);
        }
        if (noCandidate && !situation.unreadable().isEmpty()) {
            return new DomainException(ErrorKind.RULE_VIOLATION, "capacity-unreadable",
                    "no cluster of the IDC can take servers: " + unreadable(situation.unreadable()));
        }
        return new DomainException(ErrorKind.RULE_VIOLATION, refused.code(), refused.reason() + skipped);
    }

    private static String unreadable(List<ClusterView> clusters) {
        return clusters.stream()
                .map(cluster -> "the capacity of cluster " + cluster.name() + " (" + cluster.id().value()
                        + ") cannot be read since " + cluster.capacityUnknownSince() + ": " + cluster.capacityUnknownReason())
                .collect(Collectors.joining("; "));
    }

    private static String down(List<ClusterView> clusters) {
        return clusters.stream()
                .map(cluster -> "cluster " + cluster.name() + " (" + cluster.id().value() + ") is DOWN since "
                        + cluster.healthSince() + ": " + cluster.healthReason())
                .collect(Collectors.joining("; "));
    }

    private static String names(List<ClusterView> clusters) {
        return clusters.stream().map(cluster -> "cluster " + cluster.name() + " (" + cluster.id().value() + ")")
                .collect(Collectors.joining(", "));
    }
}
