package io.ultron.app.security;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The revision of the API keys' revocations, and this node's lease on it: what lets a node answer keys from its own
 * copies ({@link KnownApiKeys}) without asking anybody at each request, while a revocation still reaches every node
 * before its call answers.
 * <p>
 * Redis holds the revision ({@code <prefix>api-keys:revision}, a counter every revocation increments; missing is 0)
 * and, per node, the revision that node last read ({@code <prefix>api-keys:seen:<node>}, expiring after
 * {@link #LEASE}). Every {@link #POLL_INTERVAL} a thread of the node reads the revision, takes it as the one its copies
 * must have been read under, and then writes it under the node's own key; once that write succeeded, the node may
 * answer from copies for {@link #LOCAL_LEASE} from the start of that read. A revocation, once the database holds it,
 * increments the revision and waits until every node's key holds that revision (or a later one) or has expired: then
 * every node either compares its copies with the new revision (and reads the key's row again) or has not confirmed a
 * read for longer than its own lease, shorter than the key's life (and looks every key up in the database). So at most
 * about one poll interval after the revocation, and never after its call answers, every node refuses the key.
 * <p>
 * A failed read or write ends the lease and starts a new continuity: copies made before the failure are never used
 * after it, even if Redis comes back with the revision it had (a revocation made while it was away answered 503).
 */
@Component
class ApiKeyRevisions implements SmartLifecycle {

    static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** How long a node's confirmation lives in Redis. */
    static final Duration LEASE = Duration.ofSeconds(2);
    /** How long a node uses its copies after the start of its last confirmed read: shorter than {@link #LEASE}. */
    static final Duration LOCAL_LEASE = Duration.ofMillis(1500);
    static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(ApiKeyRevisions.class);

    /** The start of a confirmed read ({@link System#nanoTime}) and the continuity it belongs to. */
    private record Lease(long startNanos, long continuity) {
    }

    private final RedisConnectionFactory redis;
    private final String revisionKey;
    private final String seenPrefix;
    private final String seenKey;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "api-key-revisions");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisConnection<String, String> connection;
    /** The revision last read (set before it is confirmed in Redis). */
    private volatile long revision;
    /** Null while this node has no confirmed read younger than {@link #LOCAL_LEASE}. */
    private volatile Lease lease;
    /** Only the poller thread writes it. */
    private long continuity;
    private boolean failing;

    ApiKeyRevisions(RedisConnectionFactory redis, @Value("${ultron.redis.key-prefix}") String keyPrefix,
                    @Value("${ultron.node-id}") String nodeId) {
        this.redis = redis;
        this.revisionKey = keyPrefix + "api-keys:revision";
        this.seenPrefix = keyPrefix + "api-keys:seen:";
        // this process's own key, even if two nodes were given one node id
        this.seenKey = seenPrefix + nodeId + ":" + UUID.randomUUID();
    }

    private volatile boolean running;

    @Override
    public void start() {
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * Stops reading the revision (keys are then looked up in the database) and removes this node's confirmation, so
     * that a revocation need not wait for it to expire: after the web server (which lets requests finish) and before
     * the Redis connections close.
     */
    @Override
    public void stop() {
        running = false;
        poller.shutdownNow();
        try {
            poller.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease = null;
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && current.isOpen()) {
            try {
                current.sync().del(seenKey);
            } catch (RuntimeException redisAway) {
                // it expires by itself
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the Redis connection factory's phase (0), below the web server's. */
    @Override
    public int getPhase() {
        return 1;
    }

    /**
     * What a copy must have been made under to be answered now: the revision and continuity; empty while this node has
     * no confirmed read of the revision younger than {@link #LOCAL_LEASE} (then every key is looked up in the database).
     */
    Optional<String> current() {
        Lease current = lease;
        if (current == null || System.nanoTime() - current.startNanos() >= LOCAL_LEASE.toNanos()) {
            return Optional.empty();
        }
        // read after the lease: at least as new as the read that confirmed it
        return Optional.of(revision + "/" + current.continuity());
    }

    private void poll() {
        long start = System.nanoTime();
        try {
            RedisCommands<String, String> commands = connection().sync();
            String stored = commands.get(revisionKey);
            long read = stored == null ? 0 : Long.parseLong(stored);
            // taken before it is confirmed: a revocation that sees this node's confirmation finds it in use already
            revision = read;
            commands.psetex(seenKey, LEASE.toMillis(), Long.toString(read));
            lease = new Lease(start, continuity);
            if (failing) {
                failing = false;
                log.info("API keys are answered from this node's copies again: Redis can be reached");
            }
        } catch (RuntimeException failure) {
            lease = null;
            continuity++;
            if (!failing) {
                failing = true;
                log.warn("API keys are looked up in the database: the revocation revision cannot be read from Redis ({})",
                        failure.toString());
            }
        }
    }

    /**
     * Announces a revocation the database already holds, and answers once every node has confirmed the new revision
     * or its lease is over (at most {@link #LEASE}). A Redis that cannot be reached, or a node that confirms neither
     * in time, is a {@link DataAccessResourceFailureException} (answered 503: the key is revoked in the database, and
     * repeating the call announces it again).
     */
    void bump() {
        try {
            RedisCommands<String, String> commands = connection().sync();
            long bumped = commands.incr(revisionKey);
            long deadline = System.nanoTime() + LEASE.plus(TIMEOUT).toNanos();
            while (!everyNodeHasSeen(commands, bumped)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new DataAccessResourceFailureException("the revocation is stored, but not every node has confirmed it");
                }
                Thread.sleep(POLL_INTERVAL.toMillis() / 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while announcing a revocation", e);
        } catch (DataAccessResourceFailureException e) {
            throw e;
        } catch (RuntimeException redisAway) {
            throw new DataAccessResourceFailureException("the revocation is stored, but cannot be announced to every node:"
                    + " Redis cannot be reached", redisAway);
        }
    }

    private boolean everyNodeHasSeen(RedisCommands<String, String> commands, long bumped) {
        List<String> nodes = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs match = ScanArgs.Builder.matches(seenPrefix + "*").limit(500);
        do {
            KeyScanCursor<String> page = commands.scan(cursor, match);
            nodes.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        if (nodes.isEmpty()) {
            return true;
        }
        for (KeyValue<String, String> seen : commands.mget(nodes.toArray(String[]::new))) {
            // expired since the scan: that node's lease is over
            if (seen.hasValue() && Long.parseLong(seen.getValue()) < bumped) {
                return false;
            }
        }
        return true;
    }

    /** Connected at first use: a node starts while Redis is away, and Lettuce reconnects by itself afterwards. */
    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                RedisClient client = (RedisClient) ((LettuceConnectionFactory) redis).getRequiredNativeClient();
                StatefulRedisConnection<String, String> opened = client.connect(StringCodec.UTF8);
                opened.setTimeout(TIMEOUT);
                connection = opened;
            }
            return connection;
        }
    }

    @PreDestroy
    void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && current.isOpen()) {
            current.close();
        }
    }
}
