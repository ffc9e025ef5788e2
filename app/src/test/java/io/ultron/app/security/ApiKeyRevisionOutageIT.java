package io.ultron.app.security;

import io.ultron.app.support.Callers;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's copies of API keys when Redis, which holds the revocation revision, goes away (a redis-server of the
 * test's own): once the node's lease on the revision is over, keys are looked up in the database, so a key revoked
 * meanwhile (the revocation answered 503: it could not be announced) is refused; and copies made before the outage
 * are never used again, so that a Redis that comes back with the revision it had before does not bring the revoked
 * key back.
 */
class ApiKeyRevisionOutageIT {

    static FreshDatabase.Infrastructure infra;
    static RedisServerProcess redis;
    static ConfigurableApplicationContext node;
    static Http http;

    @BeforeAll
    static void start() {
        infra = FreshDatabase.create();
        redis = new RedisServerProcess();
        // copies that only a revocation or an outage can end
        node = Nodes.start(infra.via(infra.jdbcUrl(), redis.url()), "--ultron.security.api-keys.max-age=5m");
        http = Nodes.http(node);
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, node);
        redis.close();
    }

    @Test
    void aKeyRevokedWhileRedisIsAwayIsRefusedThenAndAfterRedisComesBackWithTheOldRevision() {
        var viewer = Callers.create(http, "svc-outage", "viewer");
        Http asViewer = http.withKey(viewer.key());
        KnownApiKeys known = node.getBean(KnownApiKeys.class);
        ApiKeyRevisions revisions = node.getBean(ApiKeyRevisions.class);
        // the node's first read of the revision, moments after its start
        await().atMost(Duration.ofSeconds(5)).until(() -> revisions.current().isPresent());
        assertThat(asViewer.get("/api/v1/clusters").status()).isEqualTo(200);
        long lookUps = known.lookups();
        assertThat(asViewer.get("/api/v1/clusters").status()).isEqualTo(200);
        assertThat(known.lookups()).as("answered from the node's copy").isEqualTo(lookUps);
        String revisionBefore = node.getBean(StringRedisTemplate.class).opsForValue().get(infra.redisPrefix() + "api-keys:revision");

        redis.stop();

        var revoked = http.delete("/api/v1/admin/api-keys/" + viewer.id());
        assertThat(revoked.status()).as("stored, but not announced").isEqualTo(503);
        assertThat(revoked.json().get("code").asText()).isEqualTo("dependency-unavailable");
        // the node notices within its lease (1.5 s after its last confirmed read), asynchronously
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> asViewer.get("/api/v1/clusters").status() == 401);
        assertThat(revisions.current()).isEmpty();

        redis.start();
        // the revision Redis had before (as a Redis that kept its data would have it): the revocation never changed it
        var template = node.getBean(StringRedisTemplate.class);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (revisionBefore == null) {
                template.delete(infra.redisPrefix() + "api-keys:revision");
            } else {
                template.opsForValue().set(infra.redisPrefix() + "api-keys:revision", revisionBefore);
            }
            return true;
        });
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> revisions.current().isPresent());

        long beforeRequest = known.lookups();
        assertThat(asViewer.get("/api/v1/clusters").status()).as("the copy from before the outage is not used").isEqualTo(401);
        assertThat(known.lookups()).isEqualTo(beforeRequest + 1);
        assertThat(http.delete("/api/v1/admin/api-keys/" + viewer.id()).status()).as("repeated: announced").isEqualTo(204);
    }
}
