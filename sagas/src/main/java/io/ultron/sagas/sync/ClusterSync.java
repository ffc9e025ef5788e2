package io.ultron.sagas.sync;

import io.ultron.sagas.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ultron.api.cluster.ClusterHealth;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterSyncKeys;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClustersQuery;
import io.ultron.api.cluster.RecordClusterHealthCommand;
import io.ultron.api.compute.ComputeQueries.FindClusterServersQuery;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.RecordServerObservedCommand;
import io.ultron.api.compute.RecordServerVanishedCommand;
import io.ultron.api.drift.DeleteLeftoverServerCommand;
import io.ultron.api.drift.DriftQueries.FindUnownedServersQuery;
import io.ultron.api.drift.DriftViews.UnownedServerView;
import io.ultron.api.drift.RecordLeftoverServerDeletedCommand;
import io.ultron.api.drift.RecordUnownedServerCommand;
import io.ultron.api.drift.RecordUnownedServerGoneCommand;
import io.ultron.api.drift.UnownedKind;
import io.ultron.sagas.openstack.OpenStackCompute;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The conductors' sync: each cluster of this conductor's group is read every {@code ultron.sync.interval}
 * (incremental, Nova's {@code changes-since}) and every {@code ultron.sync.full-interval} in full, by exactly one
 * node at a time fleet-wide ({@link SyncLeases}), and what its servers show that Ultron's views do not is recorded
 * through commands ({@link ServerDrift} for Ultron's servers, {@link UnownedServerDrift} for the others, leftovers
 * deleted after {@code ultron.sync.leftover-grace}), under a trace id of the sync's own and the actor {@code sync}. Its outcome
 * is the cluster's health: UP after a good sync; DEGRADED while syncs fail; DOWN once they have failed for
 * {@code ultron.sync.down-after}.
 * <p>
 * Every tick the conductor also notes in Redis which clusters it covers, for a moment; a cluster that no running
 * conductor has noted is logged and counted ({@code ultron.sync.uncovered}), since nothing would ever sync it.
 * {@code ultron.sync.enabled=false} turns sync off (benchmarks with thousands of clusters that have no OpenStack).
 * Metrics: {@code ultron.sync.duration} (per cluster, kind, outcome), {@code ultron.sync.lag} (seconds since the last
 * sync that succeeded started, per cluster), {@code ultron.sync.drift} (per cluster and kind).
 */
@Component
@ConditionalOnProperty(name = "ultron.sync.enabled", havingValue = "true", matchIfMissing = true)
class ClusterSync {

    static final String ACTOR = "sync";
    private static final Duration COVERAGE_EVERY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final OpenStackCompute compute;
    private final NeutronSync neutron;
    private final SyncLeases leases;
    private final SyncSettings settings;
    private final ConductorGroup group;
    private final StringRedisTemplate redis;
    private final String prefix;
    private final Duration coverTtl;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    /** Clusters this node syncs now; their leases in Redis say so to the others. Harmless to lose. */
    private final Set<ClusterId> syncing = ConcurrentHashMap.newKeySet();
    private final Map<ClusterId, AtomicLong> lagSeconds = new ConcurrentHashMap<>();
    private final Set<ClusterId> reportedUncovered = ConcurrentHashMap.newKeySet();
    private final AtomicLong uncovered = new AtomicLong();
    /** When the coverage marks are next written and read; only the tick's own thread touches it. */
    private Instant nextCoverage = Instant.MIN;

    ClusterSync(QueryGateway queries, CommandGateway commands, OpenStackCompute compute, NeutronSync neutron, SyncLeases leases,
                SyncSettings settings, ConductorGroup group, StringRedisTemplate redis,
                @Value("${ultron.redis.key-prefix}") String prefix, @Value("${ultron.sync.tick:250ms}") Duration tick,
                MeterRegistry meters) {
        this.queries = queries;
        this.commands = commands;
        this.compute = compute;
        this.neutron = neutron;
        this.leases = leases;
        this.settings = settings;
        this.group = group;
        this.redis = redis;
        this.prefix = prefix;
        this.coverTtl = tick.multipliedBy(5).plusSeconds(5);
        this.meters = meters;
        Gauge.builder("ultron.sync.uncovered", uncovered, AtomicLong::get)
                .description("clusters that no running conductor's group covers").register(meters);
        log.info("this conductor syncs {}", group);
    }

    @Scheduled(initialDelayString = "${ultron.sync.initial-delay:5s}", fixedDelayString = "${ultron.sync.tick:250ms}")
    void tick() {
        List<ClusterView> clusters = queries.query(new FindClustersQuery(null, null, null),
                ResponseTypes.multipleInstancesOf(ClusterView.class)).join();
        Instant now = clock.instant();
        // which clusters this conductor covers changes only with its group: noted and checked about once a second
        boolean coverage = !now.isBefore(nextCoverage);
        if (coverage) {
            nextCoverage = now.plus(COVERAGE_EVERY);
        }
        for (ClusterView cluster : clusters) {
            if (!group.covers(cluster)) {
                continue;
            }
            if (coverage) {
                redis.opsForValue().set(coveredKey(cluster.id()), "1", coverTtl);
            }
            if (syncing.contains(cluster.id())) {
                if (!leases.renew(cluster.id())) {
                    log.warn("lost the sync lease of cluster {} mid-sync; another node may sync it too", cluster.name());
                }
                continue;
            }
            SyncState state = leases.state(cluster.id());
            lag(cluster, state, now);
            if (syncing.size() < settings.concurrency() && state.due(now, settings) != null && leases.take(cluster.id())) {
                start(cluster);
            }
        }
        if (coverage) {
            reportUncovered(clusters);
        }
    }

    /**
     * With the lease taken: what is due is read again, since another node may have just finished. The sync's time is
     * taken now, not at the tick's start: a tick over many clusters takes a while, and a reading older than it is
     * says less than it could.
     */
    private void start(ClusterView cluster) {
        SyncState state = leases.state(cluster.id());
        Instant now = clock.instant();
        SyncState.Kind kind = state.due(now, settings);
        if (kind == null) {
            leases.release(cluster.id());
            return;
        }
        syncing.add(cluster.id());
        leases.tried(cluster.id(), now);
        String traceId = UUID.randomUUID().toString();
        Timer.Sample timer = Timer.start(meters);
        sync(cluster, kind, state, now, traceId).whenComplete((drift, failure) -> {
            MDC.put("traceId", traceId);
            try {
                if (failure == null) {
                    leases.succeeded(cluster.id(), kind, now);
                    log.debug("{} sync of cluster {}: {} drifts recorded", kind, cluster.name(), drift);
                    health(cluster, ClusterHealth.UP, null, traceId);
                } else {
                    Throwable cause = Failures.cause(failure);
                    log.warn("{} sync of cluster {} failed: {}", kind, cluster.name(), cause.toString());
                    Duration failingFor = Duration.between(leases.failing(cluster.id(), now), clock.instant());
                    health(cluster, failingFor.compareTo(settings.downAfter()) >= 0 ? ClusterHealth.DOWN : ClusterHealth.DEGRADED,
                            "syncs failing since " + clock.instant().minus(failingFor) + ": " + cause.getMessage(), traceId);
                }
                timer.stop(meters.timer("ultron.sync.duration", "cluster", cluster.name(),
                        "kind", kind.name().toLowerCase(), "outcome", failure == null ? "ok" : "failed"));
            } finally {
                syncing.remove(cluster.id());
                leases.release(cluster.id());
                MDC.remove("traceId");
            }
        });
    }

    /** Recorded when it differs from the cluster's view (the aggregate records changes only, too). */
    private void health(ClusterView cluster, ClusterHealth health, String reason, String traceId) {
        if (cluster.health() == health) {
            return;
        }
        if (health != ClusterHealth.UP) {
            log.warn("cluster {} is {}: {}", cluster.name(), health, reason);
        } else {
            log.info("cluster {} is UP again", cluster.name());
        }
        commands.send(GenericCommandMessage.asCommandMessage(new RecordClusterHealthCommand(cluster.id(), health, reason))
                .andMetaData(trace(traceId))).exceptionally(failure -> {
                    log.warn("health of cluster {} not recorded: {}", cluster.name(), Failures.cause(failure).toString());
                    return null;
                });
    }

    /**
     * Reads the cluster and Ultron's views side by side: its servers here (Ultron's in {@link ServerDrift}, the others
     * in {@link UnownedServerDrift}) and its Neutron in {@link NeutronSync}; answers how many differences it recorded.
     */
    private CompletableFuture<Integer> sync(ClusterView cluster, SyncState.Kind kind, SyncState state, Instant startedAt,
                                            String traceId) {
        boolean full = kind == SyncState.Kind.FULL;
        var observed = compute.listServers(cluster.id(), full ? null : state.changesSince(), traceId);
        var owning = queries.query(new FindClusterServersQuery(cluster.id()), ResponseTypes.multipleInstancesOf(ServerView.class));
        var unowned = queries.query(new FindUnownedServersQuery(cluster.id(), null),
                ResponseTypes.multipleInstancesOf(UnownedServerView.class));
        var network = neutron.sync(cluster, full, owning, observed, startedAt, trace(traceId));
        var servers = CompletableFuture.allOf(observed, owning, unowned).thenApply(read -> {
            List<Object> drift = new ArrayList<>(ServerDrift.commands(owning.join(), observed.join(), full, startedAt));
            drift.addAll(UnownedServerDrift.commands(cluster.id(), owning.join(), unowned.join(), observed.join(), full,
                    startedAt, settings.leftoverGrace()));
            return drift;
        }).thenCompose(drift -> record(cluster, drift, traceId).thenApply(done -> drift.size()));
        // done only when both parts are, failed or not: the lease is not given up while calls of this sync still run
        return CompletableFuture.allOf(servers, network).thenCompose(done -> servers.thenCombine(network, Integer::sum));
    }

    private CompletableFuture<Void> record(ClusterView cluster, List<Object> drift, String traceId) {
        MetaData trace = trace(traceId);
        CompletableFuture<?>[] sent = drift.stream().map(command -> {
            counted(cluster, driftKind(command));
            CompletableFuture<Object> recorded = commands.send(GenericCommandMessage.asCommandMessage(command).andMetaData(trace));
            return command instanceof DeleteLeftoverServerCommand ? recorded.thenCompose(
                    novaServerId -> deleteLeftover(cluster, (DeleteLeftoverServerCommand) command, (String) novaServerId, trace))
                    : recorded;
        }).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent);
    }

    /** Deleted by its Nova id (a leftover may share its name with a server Ultron owns), then recorded. */
    private CompletableFuture<Object> deleteLeftover(ClusterView cluster, DeleteLeftoverServerCommand command, String novaServerId,
                                                     MetaData trace) {
        if (novaServerId == null) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("deleting leftover server {} of cluster {}", novaServerId, cluster.name());
        return compute.deleteServerById(cluster.id(), novaServerId, trace.get("traceId").toString())
                .thenCompose(deleted -> commands.send(GenericCommandMessage.asCommandMessage(
                        new RecordLeftoverServerDeletedCommand(command.id())).andMetaData(trace)));
    }

    private static String driftKind(Object command) {
        if (command instanceof RecordServerVanishedCommand) {
            return "server-vanished";
        }
        if (command instanceof RecordServerObservedCommand) {
            return "server-changed";
        }
        if (command instanceof RecordUnownedServerCommand unowned) {
            return UnownedKind.ofName(unowned.name()) == UnownedKind.LEFTOVER ? "leftover-server" : "unmanaged-server";
        }
        if (command instanceof RecordUnownedServerGoneCommand) {
            return "unowned-server-gone";
        }
        if (command instanceof DeleteLeftoverServerCommand) {
            return "leftover-server-due";
        }
        return command.getClass().getSimpleName();
    }

    private void counted(ClusterView cluster, String kind) {
        Counter.builder("ultron.sync.drift").tag("cluster", cluster.name()).tag("kind", kind).register(meters).increment();
    }

    /** What a sync's commands carry, as a request's do: its trace id, and the actor {@code sync}. */
    private static MetaData trace(String traceId) {
        return MetaData.with("traceId", traceId).and("actor", ACTOR).and("correlationId", traceId);
    }

    private void lag(ClusterView cluster, SyncState state, Instant now) {
        Instant last = state.incrementalAt();
        AtomicLong lag = lagSeconds.computeIfAbsent(cluster.id(), id -> {
            AtomicLong value = new AtomicLong(-1);
            Gauge.builder("ultron.sync.lag", value, AtomicLong::get).tag("cluster", cluster.name()).baseUnit("seconds")
                    .description("seconds since the last sync that succeeded started (-1: never)").register(meters);
            return value;
        });
        lag.set(last == null ? -1 : Duration.between(last, now).toSeconds());
    }

    private void reportUncovered(List<ClusterView> clusters) {
        if (clusters.isEmpty()) {
            uncovered.set(0);
            return;
        }
        List<String> marks = redis.opsForValue().multiGet(clusters.stream().map(cluster -> coveredKey(cluster.id())).toList());
        long count = 0;
        for (int i = 0; i < clusters.size(); i++) {
            ClusterView cluster = clusters.get(i);
            if (marks != null && marks.get(i) != null) {
                reportedUncovered.remove(cluster.id());
            } else {
                count++;
                if (reportedUncovered.add(cluster.id())) {
                    log.warn("cluster {} ({}, IDC {}) is in no running conductor's group: nothing syncs it",
                            cluster.name(), cluster.id().value(), cluster.idc());
                }
            }
        }
        uncovered.set(count);
    }

    private String coveredKey(ClusterId cluster) {
        return ClusterSyncKeys.covered(prefix, cluster);
    }

}
