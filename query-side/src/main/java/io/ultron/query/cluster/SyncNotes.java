package io.ultron.query.cluster;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterSyncKeys;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads what the conductors' sync notes in Redis ({@link ClusterSyncKeys}) for answers that must not wait on Redis:
 * when clusters were last synced (for the lists' stale clusters) and which clusters a running conductor covers (for
 * the health endpoint), each in one round trip. A list or a health check must answer while Redis is away, and
 * quickly: a read waits at most {@code ultron.sync.notes-wait} (not Redis's own command timeout), and after a failed
 * read Redis is not asked again for {@link #BACK_OFF}, so that a burst of requests during an outage does not wait once
 * each. This node's memory of a failure is harmless to lose.
 */
@Component
public class SyncNotes {

    static final Duration BACK_OFF = Duration.ofSeconds(5);
    private static final byte[] INCREMENTAL_AT = ClusterSyncKeys.INCREMENTAL_AT.getBytes(StandardCharsets.UTF_8);
    private static final Logger log = LoggerFactory.getLogger(SyncNotes.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final Duration wait;
    private final Clock clock = Clock.systemUTC();
    /** Two readers, a few reads queued: a read beyond that answers "not known" at once. */
    private final ThreadPoolExecutor readers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(32), runnable -> {
                Thread thread = new Thread(runnable, "sync-notes");
                thread.setDaemon(true);
                return thread;
            });
    private volatile Instant askAgainAt = Instant.MIN;
    /** Logged once per outage, not at every back-off. */
    private volatile boolean failing;

    SyncNotes(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix}") String prefix,
              @Value("${ultron.sync.notes-wait:300ms}") Duration wait) {
        this.redis = redis;
        this.prefix = prefix;
        this.wait = wait;
    }

    /** When each cluster's last sync that succeeded started (one pipelined HGET per cluster). */
    LastSyncs lastSyncs(List<ClusterId> clusters) {
        if (clusters.isEmpty()) {
            return new LastSyncs(Map.of(), true);
        }
        return bounded(() -> redis.executePipelined((RedisCallback<Object>) connection -> {
            for (ClusterId cluster : clusters) {
                connection.hashCommands().hGet(ClusterSyncKeys.state(prefix, cluster).getBytes(StandardCharsets.UTF_8), INCREMENTAL_AT);
            }
            return null;
        })).map(values -> {
            Map<ClusterId, Instant> at = new HashMap<>();
            for (int i = 0; i < clusters.size(); i++) {
                if (values.get(i) != null) {
                    at.put(clusters.get(i), Instant.ofEpochMilli(Long.parseLong(values.get(i).toString())));
                }
            }
            return new LastSyncs(at, true);
        }).orElseGet(LastSyncs::unknown);
    }

    /** The clusters with a coverage mark, in one MGET; empty when Redis could not be asked. */
    public Optional<Set<ClusterId>> covered(List<ClusterId> clusters) {
        if (clusters.isEmpty()) {
            return Optional.of(Set.of());
        }
        return bounded(() -> redis.opsForValue().multiGet(clusters.stream().map(cluster -> ClusterSyncKeys.covered(prefix, cluster)).toList()))
                .map(marks -> {
                    Set<ClusterId> covered = new HashSet<>();
                    for (int i = 0; i < clusters.size(); i++) {
                        if (marks.get(i) != null) {
                            covered.add(clusters.get(i));
                        }
                    }
                    return covered;
                });
    }

    private <T> Optional<T> bounded(Callable<T> read) {
        if (clock.instant().isBefore(askAgainAt)) {
            return Optional.empty();
        }
        Future<T> reading;
        try {
            reading = readers.submit(read);
        } catch (RejectedExecutionException busy) {
            return failed(busy);
        }
        try {
            Optional<T> answer = Optional.ofNullable(reading.get(wait.toMillis(), TimeUnit.MILLISECONDS));
            if (failing) {
                failing = false;
                log.info("the sync's notes are read from Redis again");
            }
            return answer;
        } catch (TimeoutException | ExecutionException failure) {
            reading.cancel(true);
            return failed(failure instanceof ExecutionException ? failure.getCause() : failure);
        } catch (InterruptedException interrupted) {
            reading.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private <T> Optional<T> failed(Throwable failure) {
        askAgainAt = clock.instant().plus(BACK_OFF);
        if (failing) {
            return Optional.empty();
        }
        failing = true;
        log.warn("the sync's notes cannot be read from Redis ({}); until they can, lists count only DOWN clusters as"
                + " stale and health says nothing of coverage (Redis is asked again every {} s)", failure.toString(),
                BACK_OFF.toSeconds());
        return Optional.empty();
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }
}
