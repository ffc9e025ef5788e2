package io.ultron.command.network;

import io.ultron.api.network.VpcId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * Which node commits a VPC's next allocation batch: one at a time across the deployment, through a lock in Redis.
 * Correctness does not rest on it (the event store refuses a second append at the same sequence number, and the loser
 * is handled again); speed does. Without turns, two nodes' batches for one VPC raced, a third of them lost and were
 * handled again on a copy loaded from the store, and two nodes allocated at 0.58 of one node's rate. While a node
 * waits for its turn its own queue grows, so each turn commits a bigger batch. A turn not had within
 * {@code ultron.network.allocation-turn-wait} (Redis away, or a node that died holding it) is skipped;
 * {@code ultron.network.allocation-turns=false} commits without turns (for comparison).
 */
@Component
class AllocationTurns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AllocationTurns.class);
    /** A turn outlives its holder by at most this: a node that dies holding one delays the others no longer. */
    private static final Duration TURN_EXPIRY = Duration.ofSeconds(10);

    private final RedisLockRegistry turns;
    private final boolean enabled;
    private final Duration wait;
    private volatile boolean running;

    AllocationTurns(RedisConnectionFactory redis, @Value("${ultron.redis.key-prefix}") String keyPrefix,
                    @Value("${ultron.network.allocation-turns:true}") boolean enabled,
                    @Value("${ultron.network.allocation-turn-wait:2s}") Duration wait) {
        this.turns = new RedisLockRegistry(redis, keyPrefix + "allocation-turn", TURN_EXPIRY.toMillis());
        // a waiting node hears the release at once instead of polling every 100 ms
        this.turns.setRedisLockType(RedisLockRegistry.RedisLockType.PUB_SUB_LOCK);
        this.enabled = enabled;
        this.wait = wait;
    }

    /** Runs {@code work} in the VPC's turn, or without it when the turn cannot be had in time. */
    void inTurn(VpcId vpc, Runnable work) {
        if (!enabled) {
            work.run();
            return;
        }
        Lock turn = turns.obtain(vpc.value());
        boolean held = false;
        try {
            held = turn.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException redisAway) {
            log.debug("no allocation turn for {} ({}); committing without", vpc, redisAway.toString());
        }
        if (!held) {
            work.run();
            return;
        }
        try {
            work.run();
        } finally {
            try {
                turn.unlock();
            } catch (RuntimeException expiredOrAway) {
                log.debug("allocation turn for {} not released ({}); it expires", vpc, expiredOrAway.toString());
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Before the Redis connection factory (phase 0) stops: after it, the registry could not unsubscribe. */
    @Override
    public void stop() {
        running = false;
        turns.destroy();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 100;
    }
}
