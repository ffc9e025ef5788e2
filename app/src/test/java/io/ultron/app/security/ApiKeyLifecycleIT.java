package io.ultron.app.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ultron.app.support.Callers;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API keys over HTTP on two nodes sharing one database and Redis: made and revoked on node A, used on node B (an
 * api-only node). B answers a key it has looked up from its own copy (its copies may live 5 minutes here, so that
 * only a revocation can end them), and refuses a key A revoked at its very next request: A's revocation answers only
 * once B has taken the new revocation revision.
 */
class ApiKeyLifecycleIT {

    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static Http a;
    static Http b;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoNodes() {
        infra = FreshDatabase.create();
        nodeA = Nodes.start(infra, "--ultron.node-id=keys-a");
        nodeB = Nodes.start(infra, "--ultron.node-id=keys-b", "--ultron.roles=api", "--ultron.security.api-keys.max-age=5m");
        a = Nodes.http(nodeA);
        b = Nodes.http(nodeB);
        jdbc = nodeA.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stopNodes() {
        Nodes.stop(infra, nodeA, nodeB);
    }

    @Test
    void aKeyMadeOnOneNodeWorksOnTheOtherUntilItIsRevokedThereAtOnce() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try {
            var viewer = Callers.create(a, "svc-dashboard", "viewer");
            Http onB = b.withKey(viewer.key());

            assertThat(onB.get("/api/v1/clusters").status()).isEqualTo(200);
            assertThat(b.anonymous().get("/api/v1/clusters", "X-Api-Key", viewer.key()).status()).isEqualTo(200);

            assertThat(a.delete("/api/v1/admin/api-keys/" + viewer.id()).status()).isEqualTo(204);
            var refused = onB.get("/api/v1/clusters");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(b.anonymous().get("/api/v1/clusters", "X-Api-Key", viewer.key()).status()).isEqualTo(401);
            assertThat(a.delete("/api/v1/admin/api-keys/" + viewer.id()).status()).as("revoked twice").isEqualTo(204);
            assertThat(a.delete("/api/v1/admin/api-keys/no-such-key").status()).isEqualTo(404);

            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains(viewer.key()) || line.contains(FreshDatabase.ADMIN_KEY));
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void aKeyBAnswersFromItsCopyIsRefusedByBAtItsNextRequestOnceARevokedIt() {
        var member = Callers.create(a, "svc-cached", List.of("member"), List.of("tenant-a"), null);
        Http onB = b.withKey(member.key());
        KnownApiKeys knownOnB = nodeB.getBean(KnownApiKeys.class);
        // B reads the revision from its start on; a node without a read yet looks every key up
        await().atMost(Duration.ofSeconds(5)).until(() -> nodeB.getBean(ApiKeyRevisions.class).current().isPresent());

        assertThat(onB.get("/api/v1/servers").status()).isEqualTo(200);
        long lookUps = knownOnB.lookups();
        for (int i = 0; i < 5; i++) {
            assertThat(onB.get("/api/v1/servers").status()).isEqualTo(200);
        }
        assertThat(knownOnB.lookups()).as("B answered the key from its copy, without the database").isEqualTo(lookUps);

        assertThat(a.delete("/api/v1/admin/api-keys/" + member.id()).status()).isEqualTo(204);
        assertThat(onB.get("/api/v1/servers").status()).as("B's next request after A's revocation answered").isEqualTo(401);
        assertThat(b.anonymous().get("/api/v1/servers", "X-Api-Key", member.key()).status()).isEqualTo(401);
    }

    @Test
    void anExpiredKeyIsRefused() {
        var expiring = Callers.create(a, "svc-short-lived", List.of("viewer"), List.of("tenant-a"), Instant.now().plusSeconds(3));
        Http onB = b.withKey(expiring.key());
        assertThat(onB.get("/api/v1/clusters").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> onB.get("/api/v1/clusters").status() == 401);
        assertThat(Instant.now()).as("refused only once expired")
                .isAfterOrEqualTo(Instant.parse(keyEntry(expiring.id()).get("expiresAt").asText()));
        assertThat(keyEntry(expiring.id()).has("revokedAt")).isFalse();
    }

    @Test
    void theListShowsEveryKeyButNeverItsSecret() {
        var member = Callers.create(a, "svc-portal", List.of("member", "viewer"), List.of("tenant-a", "tenant-b"), null);
        assertThat(a.delete("/api/v1/admin/api-keys/" + member.id()).status()).isEqualTo(204);

        var list = b.get("/api/v1/admin/api-keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(member.key()).doesNotContain(FreshDatabase.ADMIN_KEY);
        var entry = keyEntry(member.id());
        assertThat(entry.get("principal").asText()).isEqualTo("svc-portal");
        assertThat(entry.get("roles")).extracting(r -> r.asText()).containsExactly("member", "viewer");
        assertThat(entry.get("tenants")).extracting(t -> t.asText()).containsExactly("tenant-a", "tenant-b");
        assertThat(entry.get("lastFour").asText()).isEqualTo(member.key().substring(member.key().length() - 4));
        assertThat(entry.get("createdAt").asText()).isNotBlank();
        assertThat(entry.get("revokedAt").asText()).isNotBlank();
        assertThat(entry.has("key")).isFalse();
        assertThat(entry.has("expiresAt")).isFalse();
    }

    @Test
    void theBootstrapKeyIsAnAdminKeyStoredOnceForEveryNode() {
        assertThat(a.get("/api/v1/admin/api-keys").status()).isEqualTo(200);
        assertThat(b.get("/api/v1/admin/api-keys").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM api_keys WHERE principal = 'bootstrap-admin'", Integer.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT key_hash FROM api_keys", String.class))
                .contains(ApiKeySecrets.hash(FreshDatabase.ADMIN_KEY)).doesNotContain(FreshDatabase.ADMIN_KEY);
    }

    @Test
    void badInputIsRefusedWith400AndStoresNothing() {
        int before = jdbc.queryForObject("SELECT COUNT(*) FROM api_keys", Integer.class);
        List<String> bodies = List.of(
                "{\"roles\":[\"viewer\"]}",
                "{\"principal\":\"svc\",\"roles\":[]}",
                "{\"principal\":\"svc\",\"roles\":[\"root\"]}",
                "{\"principal\":\"svc\",\"roles\":5}",
                "{\"principal\":\"svc\\nadmin\",\"roles\":[\"viewer\"]}",
                "{\"principal\":\"svc\",\"roles\":[\"viewer\"],\"tenants\":[\"Tenant A\"]}",
                "{\"principal\":\"svc\",\"roles\":[\"viewer\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
                "{\"principal\":\"svc\",\"roles\":[\"viewer\"],\"expiresAt\":\"tomorrow\"}",
                "{\"principal\":\"svc\",\"roles\":[\"viewer\"],\"key\":\"my-own-key-0123456789\"}",
                "not json");
        for (String body : bodies) {
            var refused = a.post("/api/v1/admin/api-keys", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.header("Content-Type")).as(body).startsWith("application/problem+json");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM api_keys", Integer.class)).isEqualTo(before);
    }

    private static com.fasterxml.jackson.databind.JsonNode keyEntry(String id) {
        for (var entry : a.get("/api/v1/admin/api-keys").json()) {
            if (entry.get("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no key " + id + " in the list");
    }
}
