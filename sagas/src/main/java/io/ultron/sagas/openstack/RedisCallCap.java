package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cap on concurrent calls to a cluster, shared by every node: a counting semaphore in Redis. Each call in
 * flight holds a lease, a member of the sorted set {@code <prefix>openstack:calls:<cluster>} scored by its expiry
 * (Redis time), so a lease a dead node never gave back frees itself after the lease TTL.
 */
public class RedisCallCap {

    private static final RedisScript<Long> ACQUIRE = new DefaultRedisScript<>("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
              return 1
            end
            return 0
            """, Long.class);

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final StringRedisTemplate redis;
    private final String keyPrefix;
    private final Duration leaseTtl;

    public RedisCallCap(StringRedisTemplate redis, String keyPrefix, Duration leaseTtl) {
        this.redis = redis;
        this.keyPrefix = keyPrefix == null ? "" : keyPrefix;
        this.leaseTtl = leaseTtl;
    }

    /** The Redis key holding the cluster's leases. */
    public String key(ClusterId cluster) {
        return keyPrefix + "openstack:calls:" + cluster.value();
    }

    /** Takes a lease if fewer than {@code cap} are held. */
    public Lease tryAcquire(ClusterId cluster, int cap) {
        String leaseId = UUID.randomUUID().toString();
        Long granted = redis.execute(ACQUIRE, List.of(key(cluster)), String.valueOf(Math.max(1, cap)),
                String.valueOf(leaseTtl.toMillis()), leaseId);
        return granted != null && granted == 1L ? new Lease(cluster, leaseId) : null;
    }

    /**
     * Takes a lease, waiting up to {@code maxWait} for one to come free. Parks the calling thread between tries:
     * call it only on a cluster executor thread.
     *
     * @return the lease, or null when none came free in time
     */
    public Lease acquire(ClusterId cluster, int cap, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            Lease lease = tryAcquire(cluster, cap);
            if (lease != null) {
                return lease;
            }
            if (System.nanoTime() + pause > deadline || Thread.currentThread().isInterrupted()) {
                return null;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    public void release(Lease lease) {
        redis.opsForZSet().remove(key(lease.cluster()), lease.id());
    }

    /** Leases held now, expired ones included until the next acquire sweeps them. */
    public long held(ClusterId cluster) {
        Long count = redis.opsForZSet().zCard(key(cluster));
        return count == null ? 0 : count;
    }

    public record Lease(ClusterId cluster, String id) {
    }
}
