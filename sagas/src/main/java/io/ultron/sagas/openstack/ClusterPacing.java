package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import java.time.Duration;
import java.util.List;

/**
 * A cluster's pause after it answered 429, shared by every node: the key {@code <prefix>openstack:paused:<cluster>}
 * lives as long as the pause, so its TTL is what is left of it (on Redis's clock: the nodes' clocks do not matter).
 * Every call reads it first (one PTTL); the node that got the 429 sets it, and a pause is only ever lengthened.
 */
public class ClusterPacing {

    /** Sets the pause unless a longer one is in force; answers the pause in force, in milliseconds. */
    private static final RedisScript<Long> PAUSE = new DefaultRedisScript<>("""
            local left = redis.call('PTTL', KEYS[1])
            if left < tonumber(ARGV[1]) then
              redis.call('SET', KEYS[1], '1', 'PX', tonumber(ARGV[1]))
              return tonumber(ARGV[1])
            end
            return left
            """, Long.class);

    private final StringRedisTemplate redis;
    private final String keyPrefix;

    public ClusterPacing(StringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix == null ? "" : keyPrefix;
    }

    public String key(ClusterId cluster) {
        return keyPrefix + "openstack:paused:" + cluster.value();
    }

    /** What is left of the cluster's pause; zero when calls may go. */
    public Duration pausedFor(ClusterId cluster) {
        Long left = redis.getExpire(key(cluster), java.util.concurrent.TimeUnit.MILLISECONDS);
        return left == null || left <= 0 ? Duration.ZERO : Duration.ofMillis(left);
    }

    /**
     * Pauses every node's calls to the cluster for {@code duration}, unless a longer pause is in force.
     *
     * @return the pause in force now
     */
    public Duration pause(ClusterId cluster, Duration duration) {
        long millis = Math.max(1, duration.toMillis());
        Long inForce = redis.execute(PAUSE, List.of(key(cluster)), String.valueOf(millis));
        return Duration.ofMillis(inForce == null || inForce <= 0 ? millis : inForce);
    }
}
