package io.ultron.app.security;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The revision of the API keys' revocations: one value in Redis ({@code <prefix>api-keys:revision}), which every node
 * reads and every revocation replaces with a new random one after the database holds the revocation and before the
 * revoke call answers. A node answers a key from memory only while the revision it read that key's row under is still
 * the current one ({@link KnownApiKeys}), so a revocation reaches every node's next request. Random values, not a
 * counter: a Redis that lost the value (restarted, flushed) starts a revision no node has read a key under.
 * <p>
 * Asked with a short timeout of its own; while Redis cannot be reached (and for {@link #REDIS_AWAY_PAUSE} after a
 * failure, so that requests do not each wait for the timeout) there is no revision, and keys are looked up in the
 * database.
 */
@Component
class ApiKeyRevisions {

    static final Duration TIMEOUT = Duration.ofMillis(500);
    static final Duration REDIS_AWAY_PAUSE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ApiKeyRevisions.class);

    private final RedisConnectionFactory redis;
    private final String key;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long notBefore = System.nanoTime();

    ApiKeyRevisions(RedisConnectionFactory redis, @Value("${ultron.redis.key-prefix}") String keyPrefix) {
        this.redis = redis;
        this.key = keyPrefix + "api-keys:revision";
    }

    /** The current revision; empty while Redis cannot be asked (then nothing may be answered from memory). */
    Optional<String> current() {
        if (System.nanoTime() - notBefore < 0) {
            return Optional.empty();
        }
        try {
            var commands = connection().sync();
            String revision = commands.get(key);
            if (revision == null) {
                // the first node ever, or a Redis that lost the value: a revision nobody has read a key under
                commands.setnx(key, newRevision());
                revision = commands.get(key);
            }
            return Optional.ofNullable(revision);
        } catch (RuntimeException redisAway) {
            away(redisAway);
            return Optional.empty();
        }
    }

    /**
     * Announces a revocation the database already holds: every node's copies of keys become unusable at its next
     * request. A Redis that cannot be reached is a {@link DataAccessResourceFailureException} (answered 503).
     */
    void bump() {
        try {
            connection().sync().set(key, newRevision());
        } catch (RuntimeException redisAway) {
            away(redisAway);
            throw new DataAccessResourceFailureException("the revocation is stored, but cannot be announced to every node:"
                    + " Redis cannot be reached", redisAway);
        }
    }

    private void away(RuntimeException failure) {
        notBefore = System.nanoTime() + REDIS_AWAY_PAUSE.toNanos();
        log.warn("API keys are looked up in the database for {}: Redis cannot be reached ({})", REDIS_AWAY_PAUSE, failure.toString());
    }

    private static String newRevision() {
        return UUID.randomUUID().toString();
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
    void stop() {
        if (connection != null && connection.isOpen()) {
            connection.close();
        }
    }
}
