package io.ultron.app.security;

import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.OidcIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes on one database, started while the issuer is away: A and B (api only) accept the issuer's tokens once
 * it answers (503 before: the token may be good), each fetching the JWK set for itself; C has no issuer configured, so
 * it accepts no JWT at all and its API keys work as before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtNodesIT {

    static final OidcIssuer issuer = OidcIssuer.start();
    static FreshDatabase.Infrastructure infra;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ConfigurableApplicationContext nodeC;

    @BeforeAll
    static void startNodes() {
        infra = FreshDatabase.create();
        issuer.available(false);
        nodeA = Nodes.start(infra, withIssuer("--ultron.node-id=jwt-a"));
        nodeB = Nodes.start(infra, withIssuer("--ultron.node-id=jwt-b", "--ultron.roles=api"));
        nodeC = Nodes.start(infra, "--ultron.node-id=jwt-c", "--ultron.roles=api");
    }

    private static String[] withIssuer(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(issuer.nodeArgs()));
        return all.toArray(String[]::new);
    }

    @AfterAll
    static void stop() {
        Nodes.stop(infra, nodeA, nodeB, nodeC);
        issuer.close();
    }

    @Test
    @Order(1)
    void whileTheIssuerIsAwayATokenIs503AndOnceItAnswersTheTokenIsAccepted() {
        Http a = Nodes.http(nodeA).withKey(issuer.token("alice", List.of("viewer"), List.of("acme")));

        var unavailable = a.get("/api/v1/vpcs", "X-Request-Id", "jwt-503");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.header("Retry-After")).isEqualTo("1");
        assertThat(unavailable.json().get("code").asText()).isEqualTo("dependency-unavailable");
        assertThat(unavailable.json().get("traceId").asText()).isEqualTo("jwt-503");
        assertThat(Nodes.http(nodeA).get("/api/v1/vpcs").status()).as("API keys do not need the issuer").isEqualTo(200);

        issuer.available(true);
        assertThat(a.get("/api/v1/vpcs").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void bothNodesWithTheIssuerAcceptItsTokensEachFetchingTheKeysItself() {
        issuer.available(true);
        String token = issuer.token("bob", List.of("member"), List.of("acme"));
        Http a = Nodes.http(nodeA).withKey(token);
        Http b = Nodes.http(nodeB).withKey(token);

        String vpc = Networks.createVpc(a, "acme", "two-nodes");
        int fetchedBeforeB = issuer.jwkSetRequests();
        assertThat(fetchedBeforeB).as("node A fetched the JWK set").isPositive();
        assertThat(b.get("/api/v1/vpcs/" + vpc).status()).isEqualTo(200);
        assertThat(issuer.jwkSetRequests()).as("node B fetched it for itself").isGreaterThan(fetchedBeforeB);
        assertThat(b.delete("/api/v1/vpcs/" + vpc).status()).isEqualTo(204);
    }

    @Test
    void withoutAnIssuerAJwtIs401AndApiKeysStillWork() {
        Http c = Nodes.http(nodeC);
        String token = issuer.token("alice", List.of("admin"), List.of());

        var refused = c.withKey(token).get("/api/v1/clusters");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(refused.json().get("code").asText()).isEqualTo("invalid-credentials");
        assertThat(refused.body()).doesNotContain(token);
        assertThat(c.get("/api/v1/clusters").status()).as("the admin key").isEqualTo(200);
        assertThat(c.anonymous().get("/api/v1/clusters", "X-Api-Key", FreshDatabase.ADMIN_KEY).status()).isEqualTo(200);
    }
}
