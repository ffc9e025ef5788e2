package io.ultron.sagas.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ServerId;
import io.ultron.sagas.openstack.ClusterExecutors;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.openstack.OpenStackCompute.ServerState;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the builds this node was asked about with one Nova listing per cluster and interval (the Ultron servers
 * changed lately) instead of one status call per server: a batch of 1,000 costs a few calls a second, and a build
 * that ends is seen within the interval. In memory only: if this node dies, the saga's own, slower check deadline
 * asks the next node, which watches the server from then on.
 */
class BuildWatcher {

    private static final Logger log = LoggerFactory.getLogger(BuildWatcher.class);
    /** Nova's and our clocks may disagree: look back this much further than the oldest watch. */
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(10);

    /** What to do once a watched build has ended (ACTIVE or ERROR). */
    interface Ended {
        void ended(Watched watched, ServerState state);
    }

    record Watched(ServerId serverId, int attempt, MetaData trace, Instant since) {
    }

    private final OpenStackCompute compute;
    private final Duration interval;
    private final Duration maxAge;
    private final Ended ended;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            ClusterExecutors.namedDaemons("build-watcher-"));
    private final Map<ClusterId, Map<ServerId, Watched>> watched = new ConcurrentHashMap<>();
    private final Map<ClusterId, AtomicBoolean> polling = new ConcurrentHashMap<>();

    /** @param maxAge a watch this old is dropped (the build timed out, or the attempt was compensated) */
    BuildWatcher(OpenStackCompute compute, Duration interval, Duration maxAge, Ended ended) {
        this.compute = compute;
        this.interval = interval;
        this.maxAge = maxAge;
        this.ended = ended;
    }

    /**
     * Watches the server's build until it ends; watching it again only refreshes the attempt.
     *
     * @return whether this node was watching it already
     */
    boolean watch(ClusterId cluster, ServerId server, int attempt, MetaData trace) {
        Watched before = watched.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>())
                .put(server, new Watched(server, attempt, trace, clock.instant()));
        if (polling.computeIfAbsent(cluster, c -> new AtomicBoolean()).compareAndSet(false, true)) {
            timer.schedule(() -> poll(cluster), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return before != null;
    }

    int watching() {
        return watched.values().stream().mapToInt(Map::size).sum();
    }

    void stop() {
        timer.shutdownNow();
    }

    private void poll(ClusterId cluster) {
        Map<ServerId, Watched> servers = watched.get(cluster);
        Instant tooOld = clock.instant().minus(maxAge);
        servers.values().removeIf(watch -> watch.since().isBefore(tooOld));
        if (servers.isEmpty()) {
            polling.get(cluster).set(false);
            // a watch may have come in after the emptiness check and found the flag still set
            if (!servers.isEmpty() && polling.get(cluster).compareAndSet(false, true)) {
                timer.schedule(() -> poll(cluster), interval.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        Instant since = servers.values().stream().map(Watched::since).min(Instant::compareTo).orElseThrow()
                .minus(CLOCK_MARGIN);
        compute.serversChangedSince(cluster, since, null).whenComplete((states, failure) -> {
            if (failure != null) {
                log.warn("could not list the builds in {}: {}", cluster, failure.toString());
            } else {
                states.forEach((id, state) -> {
                    Watched watch = servers.get(ServerId.of(id));
                    if (watch != null && (state.active() || state.failed()) && servers.remove(watch.serverId(), watch)) {
                        ended.ended(watch, state);
                    }
                });
            }
            timer.schedule(() -> poll(cluster), interval.toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
