package io.ultron.app.rebuild;

import io.ultron.projections.rebuild.OnlineTraffic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Online requests seen anywhere in the fleet, for rebuilds to give way to: api and conductor nodes are apart, so a
 * conductor cannot see the requests itself. A node that served one marks a Redis key, at most every
 * {@link #MARK_EVERY}, which lives {@link #WINDOW}; readers look at the key at most every 100 ms. Redis
 * out of reach reads as traffic: a rebuild then goes at its gentle pace.
 */
@Component
public class FleetOnlineTraffic implements OnlineTraffic {

    private static final Logger log = LoggerFactory.getLogger(FleetOnlineTraffic.class);
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final long MARK_EVERY = 250;
    private static final long LOOK_EVERY_NANOS = Duration.ofMillis(100).toNanos();

    private final StringRedisTemplate redis;
    private final String key;
    private final String nodeId;
    private volatile boolean servedSinceMark;
    private volatile boolean recent;
    private volatile long lookedAt = System.nanoTime() - LOOK_EVERY_NANOS;

    FleetOnlineTraffic(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix}") String keyPrefix,
                       @Value("${ultron.node-id}") String nodeId) {
        this.redis = redis;
        this.key = keyPrefix + "online-requests";
        this.nodeId = nodeId;
    }

    /** Called for each online request this node serves; costs a field write. */
    void served() {
        servedSinceMark = true;
    }

    @Scheduled(fixedDelay = MARK_EVERY)
    void mark() {
        if (!servedSinceMark) {
            return;
        }
        servedSinceMark = false;
        try {
            redis.opsForValue().set(key, nodeId, WINDOW);
        } catch (RuntimeException e) {
            log.debug("could not mark online requests: {}", e.toString());
        }
    }

    @Override
    public boolean recent() {
        long now = System.nanoTime();
        if (now - lookedAt >= LOOK_EVERY_NANOS) {
            lookedAt = now;
            try {
                recent = Boolean.TRUE.equals(redis.hasKey(key));
            } catch (RuntimeException e) {
                log.debug("could not read online requests: {}", e.toString());
                recent = true;
            }
        }
        return recent;
    }
}
