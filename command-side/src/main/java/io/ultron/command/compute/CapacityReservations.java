package io.ultron.command.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ServerId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What placement knows of each cluster beyond the cluster view, kept in Redis so that every api node sees the same:
 * <ul>
 *   <li>{@code <prefix>compute:capacity:<cluster>}: Nova's hypervisor statistics (hash: freeVcpus, freeRamMb,
 *       observedAt in epoch ms), written by the conductors' capacity job;</li>
 *   <li>{@code <prefix>compute:reservations:<cluster>}: per server placed there, {@code vcpus,ramMb,settledAtMs}.
 *       A reservation counts until Nova's statistics include the server: while it is unsettled (provisioning), or
 *       settled (ACTIVE) after the statistics were observed;</li>
 *   <li>{@code <prefix>compute:placement-lock:<idc>}: one placement per IDC at a time, so two batches placed at
 *       once on two nodes cannot both take the same room.</li>
 * </ul>
 */
@Component
class CapacityReservations {

    private static final RedisScript<Long> UNLOCK = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;

    CapacityReservations(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix:ultron:}") String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** Nova's statistics of the cluster as last observed, if any. */
    Optional<ObservedCapacity> capacity(ClusterId cluster) {
        Map<Object, Object> fields = redis.opsForHash().entries(prefix + "compute:capacity:" + cluster.value());
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ObservedCapacity(Long.parseLong((String) fields.get("freeVcpus")),
                Long.parseLong((String) fields.get("freeRamMb")),
                Instant.ofEpochMilli(Long.parseLong((String) fields.get("observedAt")))));
    }

    /** The reservations that still count against {@code capacity}; those Nova already shows are dropped. */
    Held held(ClusterId cluster, ObservedCapacity capacity) {
        String key = reservationsKey(cluster);
        long vcpus = 0;
        long ramMb = 0;
        int servers = 0;
        List<Object> seen = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : redis.opsForHash().entries(key).entrySet()) {
            String[] parts = ((String) entry.getValue()).split(",");
            long settledAt = Long.parseLong(parts[2]);
            if (settledAt != 0 && settledAt <= capacity.observedAt().toEpochMilli()) {
                seen.add(entry.getKey());
                continue;
            }
            vcpus += Long.parseLong(parts[0]);
            ramMb += Long.parseLong(parts[1]);
            servers++;
        }
        if (!seen.isEmpty()) {
            redis.opsForHash().delete(key, seen.toArray());
        }
        return new Held(vcpus, ramMb, servers);
    }

    void reserve(ClusterId cluster, ServerId server, int vcpus, int ramMb) {
        redis.opsForHash().put(reservationsKey(cluster), server.value(), vcpus + "," + ramMb + ",0");
    }

    /** The server runs: its reservation lasts until the next statistics include it. */
    void settle(ClusterId cluster, ServerId server, Instant at) {
        String key = reservationsKey(cluster);
        Object value = redis.opsForHash().get(key, server.value());
        if (value != null) {
            String[] parts = ((String) value).split(",");
            redis.opsForHash().put(key, server.value(), parts[0] + "," + parts[1] + "," + at.toEpochMilli());
        }
    }

    void release(ClusterId cluster, ServerId server) {
        redis.opsForHash().delete(reservationsKey(cluster), server.value());
    }

    /** Runs {@code work} holding the IDC's placement lock; waits for it at most the lock's TTL. */
    <T> T underIdcLock(String idc, Duration ttl, java.util.function.Supplier<T> work) {
        String key = prefix + "compute:placement-lock:" + idc;
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + ttl.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(2);
        while (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, token, ttl))) {
            if (System.nanoTime() > deadline) {
                throw new io.ultron.api.error.DomainException(io.ultron.api.error.ErrorKind.UNAVAILABLE,
                        "placement-busy", "placement in IDC " + idc + " is busy; try again");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
        try {
            return work.get();
        } finally {
            redis.execute(UNLOCK, List.of(key), token);
        }
    }

    private String reservationsKey(ClusterId cluster) {
        return prefix + "compute:reservations:" + cluster.value();
    }

    record ObservedCapacity(long freeVcpus, long freeRamMb, Instant observedAt) {
    }

    record Held(long vcpus, long ramMb, int servers) {
    }
}
