package io.ultron.query.cluster;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterSyncKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real Redis (ULTRON_TEST_REDIS_URL, default localhost:6379), and one that accepts but never answers. */
class SyncNotesTest {

    static final URI REDIS = URI.create(System.getenv().getOrDefault("ULTRON_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
    static final Duration WAIT = Duration.ofMillis(300);

    final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void readsWhenEachClusterWasLastSyncedInOneAnswer() {
        String prefix = "test-" + UUID.randomUUID() + ":";
        StringRedisTemplate redis = template(REDIS.getHost(), REDIS.getPort());
        ClusterId synced = ClusterId.of("cl-synced");
        ClusterId never = ClusterId.of("cl-never");
        Instant at = Instant.parse("2026-12-05T03:00:00Z");
        redis.opsForHash().put(ClusterSyncKeys.state(prefix, synced), ClusterSyncKeys.INCREMENTAL_AT, Long.toString(at.toEpochMilli()));
        try {
            LastSyncs read = new SyncNotes(redis, prefix, WAIT).lastSyncs(List.of(synced, never));

            assertThat(read.known()).isTrue();
            assertThat(read.at()).isEqualTo(Map.of(synced, at));
        } finally {
            redis.delete(ClusterSyncKeys.state(prefix, synced));
        }
    }

    @Test
    void readsWhichClustersAConductorCoversInOneAnswer() {
        String prefix = "test-" + UUID.randomUUID() + ":";
        StringRedisTemplate redis = template(REDIS.getHost(), REDIS.getPort());
        ClusterId covered = ClusterId.of("cl-covered");
        redis.opsForValue().set(ClusterSyncKeys.covered(prefix, covered), "1", Duration.ofMinutes(1));
        try {
            assertThat(new SyncNotes(redis, prefix, WAIT).covered(List.of(covered, ClusterId.of("cl-uncovered"))))
                    .contains(Set.of(covered));
        } finally {
            redis.delete(ClusterSyncKeys.covered(prefix, covered));
        }
    }

    @Test
    void aRedisThatDoesNotAnswerIsNotWaitedForLongerThanTheWaitAndThenNotAskedForAWhile() throws IOException {
        ServerSocket silent = new ServerSocket(0);
        opened.add(silent);
        SyncNotes notes = new SyncNotes(template("127.0.0.1", silent.getLocalPort()), "test:", WAIT);

        long started = System.nanoTime();
        LastSyncs first = notes.lastSyncs(List.of(ClusterId.of("cl-1")));
        Duration firstTook = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        LastSyncs second = notes.lastSyncs(List.of(ClusterId.of("cl-1")));
        Optional<Set<ClusterId>> covered = notes.covered(List.of(ClusterId.of("cl-1")));
        Duration thenTook = Duration.ofNanos(System.nanoTime() - started);

        assertThat(first.known()).isFalse();
        assertThat(firstTook).isLessThan(WAIT.plusMillis(500));
        assertThat(second.known()).isFalse();
        assertThat(covered).isEmpty();
        assertThat(thenTook).as("not asked again during the back-off").isLessThan(Duration.ofMillis(50));
    }

    private StringRedisTemplate template(String host, int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
        factory.afterPropertiesSet();
        factory.start();
        opened.add(factory::destroy);
        StringRedisTemplate template = new StringRedisTemplate(factory);
        template.afterPropertiesSet();
        return template;
    }
}
