package io.ultron.sagas.compute;

import io.ultron.sagas.Failures;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClustersQuery;
import io.ultron.api.cluster.MarkClusterCapacityKnownCommand;
import io.ultron.api.cluster.MarkClusterCapacityUnknownCommand;
import io.ultron.sagas.openstack.OpenStackCallException;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.sync.ConductorGroup;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conductors' capacity job, offline work like sync: reads every active cluster's Nova hypervisor statistics every
 * {@code ultron.compute.capacity-refresh} (15 s: placement wants it fresher than the 30 s incremental sync) and keeps
 * them in Redis ({@code <prefix>compute:capacity:<cluster>}: freeVcpus, freeRamMb, observedAt in epoch ms), where
 * placement on any api node reads them. As with sync, a conductor reads only the clusters of its group
 * ({@link ConductorGroup}), and one conductor reads a cluster per round fleet-wide (a mark in Redis,
 * {@code <prefix>compute:capacity-reader:<cluster>}); a round whose reader died is another's.
 * <p>
 * A cluster whose statistics cannot be read (no such API, refused, down) is not left looking healthy: once its reads
 * have failed for {@code ultron.compute.capacity-unknown-after}, the cluster is marked capacity-unknown with the
 * reason (its view says since when and why, and placement skips it), and marked known again at the next good read.
 * The start of a failing streak is kept in Redis ({@code <prefix>compute:capacity-failing:<cluster>}), so any
 * conductor continues it. A read still waiting (a rate-limited cluster) is not asked again meanwhile.
 */
@Component
class CapacityRefresher {

    private static final Logger log = LoggerFactory.getLogger(CapacityRefresher.class);

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final OpenStackCompute compute;
    private final StringRedisTemplate redis;
    private final ConductorGroup group;
    private final String prefix;
    private final String nodeId;
    private final Duration every;
    private final Duration unknownAfter;
    private final Clock clock = Clock.systemUTC();
    /** Reads this node has under way; harmless to lose. */
    private final Set<ClusterId> reading = ConcurrentHashMap.newKeySet();

    CapacityRefresher(QueryGateway queries, CommandGateway commands, OpenStackCompute compute, StringRedisTemplate redis,
                      ConductorGroup group, @Value("${ultron.redis.key-prefix:ultron:}") String prefix,
                      @Value("${ultron.node-id}") String nodeId,
                      @Value("${ultron.compute.capacity-refresh:15s}") Duration every,
                      @Value("${ultron.compute.capacity-unknown-after:30s}") Duration unknownAfter) {
        this.queries = queries;
        this.commands = commands;
        this.compute = compute;
        this.redis = redis;
        this.group = group;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.every = every;
        this.unknownAfter = unknownAfter;
    }

    @Scheduled(initialDelayString = "${ultron.compute.capacity-refresh-initial-delay:0s}",
            fixedDelayString = "${ultron.compute.capacity-refresh:15s}")
    void refresh() {
        List<ClusterView> clusters = queries.query(new FindClustersQuery(null, null, ClusterStatus.ACTIVE),
                ResponseTypes.multipleInstancesOf(ClusterView.class)).join();
        for (ClusterView cluster : clusters) {
            if (group.covers(cluster) && !reading.contains(cluster.id()) && claimRound(cluster.id()) && reading.add(cluster.id())) {
                read(cluster);
            }
        }
    }

    /**
     * One conductor reads a cluster per round, fleet-wide: the first to mark the round in Redis. The mark lives a little
     * less than a round, so a conductor that died leaves the next round to another.
     */
    private boolean claimRound(ClusterId cluster) {
        Duration round = every.minus(every.dividedBy(10));
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(prefix + "compute:capacity-reader:" + cluster.value(), nodeId,
                round));
    }

    private void read(ClusterView cluster) {
        long startedAt = clock.millis();
        compute.capacity(cluster.id(), null).whenComplete((capacity, failure) -> {
            try {
                if (failure == null) {
                    redis.opsForHash().putAll(capacityKey(cluster.id()), Map.of(
                            "freeVcpus", Long.toString(capacity.freeVcpus()),
                            "freeRamMb", Long.toString(capacity.freeMemoryMb()),
                            // the moment the read started: a server that became ACTIVE later may be missing
                            "observedAt", Long.toString(startedAt)));
                    readable(cluster);
                } else {
                    unreadable(cluster, Failures.cause(failure));
                }
            } catch (RuntimeException e) {
                log.warn("capacity of {} not recorded: {}", cluster.id(), e.toString());
            } finally {
                reading.remove(cluster.id());
            }
        });
    }

    private void readable(ClusterView cluster) {
        redis.delete(failingKey(cluster.id()));
        if (cluster.capacityUnknownSince() != null) {
            log.info("capacity of cluster {} ({}) can be read again", cluster.name(), cluster.id());
            send(new MarkClusterCapacityKnownCommand(cluster.id()));
        }
    }

    private void unreadable(ClusterView cluster, Throwable failure) {
        String reason = failure instanceof OpenStackCallException openStack ? openStack.getMessage() : failure.toString();
        long now = clock.millis();
        redis.opsForHash().putIfAbsent(failingKey(cluster.id()), "since", Long.toString(now));
        Object since = redis.opsForHash().get(failingKey(cluster.id()), "since");
        long failingFor = now - (since == null ? now : Long.parseLong((String) since));
        if (cluster.capacityUnknownSince() == null && failingFor >= unknownAfter.toMillis()) {
            log.warn("capacity of cluster {} ({}) cannot be read for {} s; placement skips it until it can: {}",
                    cluster.name(), cluster.id(), failingFor / 1000, reason);
            send(new MarkClusterCapacityUnknownCommand(cluster.id(), reason));
        } else {
            log.debug("capacity of cluster {} ({}) not read (failing for {} s): {}", cluster.name(), cluster.id(),
                    failingFor / 1000, reason);
        }
    }

    private void send(Object command) {
        // a lost mark is sent again by the next round: the view still shows the old state
        commands.send(command).exceptionally(failure -> {
            log.warn("could not record {}: {}", command, Failures.cause(failure).toString());
            return null;
        });
    }

    private String capacityKey(ClusterId cluster) {
        return prefix + "compute:capacity:" + cluster.value();
    }

    private String failingKey(ClusterId cluster) {
        return prefix + "compute:capacity-failing:" + cluster.value();
    }

}
