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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads when clusters were last synced ({@link ClusterSyncKeys#INCREMENTAL_AT} of each one's sync state) in one
 * pipelined round trip. A list must answer while Redis is away, and quickly: the read waits at most
 * {@code ultron.sync.times-wait} (not Redis's own command timeout), and after a failed read Redis is not asked again
 * for {@link #BACK_OFF}, so that a burst of lists during an outage does not wait once each. This node's memory of a
 * failure is harmless to lose.
 */
@Component
class SyncTimes {

    static final Duration BACK_OFF = Duration.ofSeconds(5);
    private static final byte[] FIELD = ClusterSyncKeys.INCREMENTAL_AT.getBytes(StandardCharsets.UTF_8);
    private static final Logger log = LoggerFactory.getLogger(SyncTimes.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final Duration wait;
    private final Clock clock = Clock.systemUTC();
    /** Two readers, a few reads queued: a read beyond that answers "not known" at once. */
    private final ThreadPoolExecutor readers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(32), runnable -> {
                Thread thread = new Thread(runnable, "sync-times");
                thread.setDaemon(true);
                return thread;
            });
    private volatile Instant askAgainAt = Instant.MIN;

    SyncTimes(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix}") String prefix,
              @Value("${ultron.sync.times-wait:300ms}") Duration wait) {
        this.redis = redis;
        this.prefix = prefix;
        this.wait = wait;
    }

    LastSyncs read(List<ClusterId> clusters) {
        if (clusters.isEmpty()) {
            return new LastSyncs(Map.of(), true);
        }
        if (clock.instant().isBefore(askAgainAt)) {
            return LastSyncs.unknown();
        }
        Future<List<Object>> reading;
        try {
            reading = readers.submit(() -> pipelined(clusters));
        } catch (RejectedExecutionException busy) {
            return failed(busy);
        }
        try {
            List<Object> values = reading.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            Map<ClusterId, Instant> at = new HashMap<>();
            for (int i = 0; i < clusters.size(); i++) {
                if (values.get(i) != null) {
                    at.put(clusters.get(i), Instant.ofEpochMilli(Long.parseLong(values.get(i).toString())));
                }
            }
            return new LastSyncs(at, true);
        } catch (TimeoutException | ExecutionException failure) {
            reading.cancel(true);
            return failed(failure instanceof ExecutionException ? failure.getCause() : failure);
        } catch (InterruptedException interrupted) {
            reading.cancel(true);
            Thread.currentThread().interrupt();
            return LastSyncs.unknown();
        }
    }

    private List<Object> pipelined(List<ClusterId> clusters) {
        return redis.executePipelined((RedisCallback<Object>) connection -> {
            for (ClusterId cluster : clusters) {
                connection.hashCommands().hGet(ClusterSyncKeys.state(prefix, cluster).getBytes(StandardCharsets.UTF_8), FIELD);
            }
            return null;
        });
    }

    private LastSyncs failed(Throwable failure) {
        askAgainAt = clock.instant().plus(BACK_OFF);
        log.warn("when clusters were last synced cannot be read from Redis ({}); lists count only DOWN clusters as stale"
                + " for the next {} s", failure.toString(), BACK_OFF.toSeconds());
        return LastSyncs.unknown();
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }
}
