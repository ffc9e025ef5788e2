package io.ultron.sagas.sync;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterSyncKeys;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which node syncs a cluster, and when each cluster was last synced, in Redis (shared by every conductor):
 * <ul>
 *   <li>{@code <prefix>sync:lease:<cluster>}: the node syncing it, set only if absent and living
 *       {@link SyncSettings#leaseTtl()} unless renewed, so exactly one node syncs a cluster at a time and a node
 *       that dies mid-sync loses the cluster to another within that time;</li>
 *   <li>{@code <prefix>sync:state:<cluster>}: when the last sync was tried, when the last full and incremental
 *       syncs that succeeded started reading, and since when its syncs fail (epoch ms), so any node knows what is
 *       due and how healthy the cluster is.</li>
 * </ul>
 */
@Component
class SyncLeases {

    /** Renews or releases the lease only while this node holds it. */
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0
            """, Long.class);
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final String nodeId;
    private final SyncSettings settings;

    SyncLeases(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix}") String prefix,
               @Value("${ultron.node-id}") String nodeId, SyncSettings settings) {
        this.redis = redis;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.settings = settings;
    }

    boolean take(ClusterId cluster) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(leaseKey(cluster), nodeId, settings.leaseTtl()));
    }

    /** @return false when this node no longer holds the lease */
    boolean renew(ClusterId cluster) {
        Long renewed = redis.execute(RENEW, List.of(leaseKey(cluster)), nodeId, Long.toString(settings.leaseTtl().toMillis()));
        return renewed != null && renewed == 1;
    }

    void release(ClusterId cluster) {
        redis.execute(RELEASE, List.of(leaseKey(cluster)), nodeId);
    }

    /** The node syncing the cluster now, or null. */
    String holder(ClusterId cluster) {
        return redis.opsForValue().get(leaseKey(cluster));
    }

    SyncState state(ClusterId cluster) {
        Map<Object, Object> fields = redis.opsForHash().entries(stateKey(cluster));
        return new SyncState(instant(fields.get("triedAt")), instant(fields.get("fullAt")), instant(fields.get(ClusterSyncKeys.INCREMENTAL_AT)));
    }

    void tried(ClusterId cluster, Instant at) {
        redis.opsForHash().put(stateKey(cluster), "triedAt", Long.toString(at.toEpochMilli()));
    }

    void succeeded(ClusterId cluster, SyncState.Kind kind, Instant startedAt) {
        String millis = Long.toString(startedAt.toEpochMilli());
        redis.opsForHash().delete(stateKey(cluster), "failingSince");
        redis.opsForHash().put(stateKey(cluster), ClusterSyncKeys.INCREMENTAL_AT, millis);
        if (kind == SyncState.Kind.FULL) {
            redis.opsForHash().put(stateKey(cluster), "fullAt", millis);
        }
    }

    /** Notes a failed sync; answers since when the cluster's syncs have been failing (kept across nodes). */
    Instant failing(ClusterId cluster, Instant now) {
        redis.opsForHash().putIfAbsent(stateKey(cluster), "failingSince", Long.toString(now.toEpochMilli()));
        Instant since = instant(redis.opsForHash().get(stateKey(cluster), "failingSince"));
        return since == null ? now : since;
    }

    private String leaseKey(ClusterId cluster) {
        return prefix + "sync:lease:" + cluster.value();
    }

    private String stateKey(ClusterId cluster) {
        return ClusterSyncKeys.state(prefix, cluster);
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis.toString()));
    }
}
