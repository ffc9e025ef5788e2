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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's copies of API keys when Redis, which holds the revocation revision, goes away (a redis-server of the
 * test's own): keys are then looked up in the database, so a key revoked meanwhile is refused at once, and the
 * copies are dropped, so that a Redis that comes back with the revision it had before (the revocation could not
 * replace it: its call answered 503) does not bring the revoked key back.
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
        assertThat(asViewer.get("/api/v1/clusters").status()).isEqualTo(200);
        long lookUps = known.lookups();
        assertThat(asViewer.get("/api/v1/clusters").status()).isEqualTo(200);
        assertThat(known.lookups()).as("answered from the node's copy").isEqualTo(lookUps);
        String revisionBefore = revisions.current().orElseThrow();

        redis.stop();

        var revoked = http.delete("/api/v1/admin/api-keys/" + viewer.id());
        assertThat(revoked.status()).as("stored, but not announced").isEqualTo(503);
        assertThat(revoked.json().get("code").asText()).isEqualTo("dependency-unavailable");
        assertThat(asViewer.get("/api/v1/clusters").status()).as("looked up in the database").isEqualTo(401);

        redis.start();
        // the revision Redis had before (as a Redis that kept its data would have it): the revocation never replaced it
        node.getBean(StringRedisTemplate.class).opsForValue().set(infra.redisPrefix() + "api-keys:revision", revisionBefore);
        // the node asks Redis again once its pause after the failure is over
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> revisions.current().equals(Optional.of(revisionBefore)));

        long beforeRequest = known.lookups();
        assertThat(asViewer.get("/api/v1/clusters").status()).as("the copy was dropped during the outage").isEqualTo(401);
        assertThat(known.lookups()).isEqualTo(beforeRequest + 1);
        assertThat(http.delete("/api/v1/admin/api-keys/" + viewer.id()).status()).as("repeated: announced").isEqualTo(204);
        assertThat(revisions.current()).isNotEqualTo(Optional.of(revisionBefore));
    }
}
