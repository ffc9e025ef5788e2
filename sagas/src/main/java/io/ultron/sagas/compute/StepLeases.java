package io.ultron.sagas.compute;

import io.ultron.api.compute.ServerId;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which node runs a server's provisioning step, and whether that node still lives, in Redis (shared by every node).
 * A task notes itself when it starts a step; each node keeps a short-lived heartbeat key. The saga's watchdog asks
 * every few seconds: a step whose node has stopped heartbeating is sent again at once, instead of after the whole
 * {@code step-timeout} (a conductor killed mid-batch made the survivor wait two minutes). A step is never sent again
 * while its node lives and the step-timeout has not passed, so two nodes do not run one step side by side.
 */
@Component
public class StepLeases {

    /** What the watchdog learns of a step. */
    public enum Holder {
        /** A live node runs it (or Redis could not tell: then nothing is sent early). */
        ALIVE,
        /** No live node runs it: the node that took it died, or the task never started. */
        GONE
    }

    private static final Logger log = LoggerFactory.getLogger(StepLeases.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final String nodeId;
    private final Duration heartbeatTtl;
    private final Duration stepTtl;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "node-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public StepLeases(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix}") String keyPrefix,
                      @Value("${ultron.node-id}") String nodeId,
                      @Value("${ultron.compute.node-heartbeat-ttl:6s}") Duration heartbeatTtl,
                      ComputeSettings settings) {
        this.redis = redis;
        this.prefix = keyPrefix;
        this.nodeId = nodeId;
        this.heartbeatTtl = heartbeatTtl;
        this.stepTtl = settings.stepTimeout();
        long every = Math.max(heartbeatTtl.toMillis() / 3, 100);
        heartbeat.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Notes that this node runs {@code step} of the server's attempt. */
    public void hold(ServerId server, int attempt, String step) {
        try {
            redis.opsForValue().set(stepKey(server, attempt, step), nodeId, stepTtl);
        } catch (DataAccessException redisAway) {
            log.debug("step {} of {} not noted ({}); its watchdog waits the step-timeout", step, server, redisAway.toString());
        }
    }

    /** Whether a live node runs {@code step} of the server's attempt. */
    public Holder holder(ServerId server, int attempt, String step) {
        try {
            String node = redis.opsForValue().get(stepKey(server, attempt, step));
            return node != null && Boolean.TRUE.equals(redis.hasKey(nodeKey(node))) ? Holder.ALIVE : Holder.GONE;
        } catch (DataAccessException redisAway) {
            return Holder.ALIVE;
        }
    }

    private void beat() {
        try {
            redis.opsForValue().set(nodeKey(nodeId), "alive", heartbeatTtl);
        } catch (RuntimeException redisAway) {
            log.debug("heartbeat not written: {}", redisAway.toString());
        }
    }

    private String stepKey(ServerId server, int attempt, String step) {
        return prefix + "step:" + server.value() + ":" + attempt + ":" + step;
    }

    private String nodeKey(String node) {
        return prefix + "node:" + node;
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
    }
}
