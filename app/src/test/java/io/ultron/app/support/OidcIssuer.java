package io.ultron.app.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real OIDC issuer for tests, over HTTP on a free port: its discovery document
 * ({@code /.well-known/openid-configuration}) and JWK set ({@code /jwks}, an RSA key made here), and RS256 tokens
 * signed with that key. {@link #token} makes a valid token; its claims can be changed (expired, another issuer or
 * audience, no roles) and {@link #signedByAnotherKey} signs one with a key the JWK set does not hold.
 */
public final class OidcIssuer implements AutoCloseable {

    public static final String AUDIENCE = "ultron";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String uri;
    private final RSAKey key = newKey();
    private final RSAKey otherKey = newKey();
    private final AtomicInteger jwkSetRequests = new AtomicInteger();
    private final AtomicBoolean available = new AtomicBoolean(true);

    private OidcIssuer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
        server.createContext("/realms/test/.well-known/openid-configuration", exchange -> answer(exchange, () -> JSON.writeValueAsString(
                Map.of("issuer", uri, "jwks_uri", uri + "/jwks", "authorization_endpoint", uri + "/auth",
                        "token_endpoint", uri + "/token", "subject_types_supported", List.of("public"),
                        "response_types_supported", List.of("code"), "id_token_signing_alg_values_supported", List.of("RS256")))));
        server.createContext("/realms/test/jwks", exchange -> {
            jwkSetRequests.incrementAndGet();
            answer(exchange, () -> new JWKSet(key.toPublicJWK()).toString());
        });
        server.start();
    }

    public static OidcIssuer start() {
        return new OidcIssuer();
    }

    /** What {@code ULTRON_OIDC_ISSUER_URI} is set to, and every valid token's {@code iss}. */
    public String uri() {
        return uri;
    }

    /** While unavailable, the discovery document and the JWK set are answered 503 (an issuer being restarted). */
    public void available(boolean available) {
        this.available.set(available);
    }

    /** How often the JWK set was fetched (each node fetches it for itself). */
    public int jwkSetRequests() {
        return jwkSetRequests.get();
    }

    /** The node settings that make it accept this issuer's tokens for {@link #AUDIENCE}. */
    public String[] nodeArgs() {
        return new String[]{"--ultron.security.oidc.issuer-uri=" + uri, "--ultron.security.oidc.audience=" + AUDIENCE};
    }

    /** A valid token (an hour left, this issuer, {@link #AUDIENCE}) for {@code username} with these roles and tenants. */
    public String token(String username, List<String> roles, List<String> tenants) {
        return token(username, roles, tenants, UnaryOperator.identity());
    }

    /** As {@link #token(String, List, List)}, with its claims changed by {@code change} before it is signed. */
    public String token(String username, List<String> roles, List<String> tenants, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key, change.apply(claims(username, roles, tenants)).build());
    }

    /** A token that would be valid, but signed by a key this issuer does not publish (with the same key id). */
    public String signedByAnotherKey(String username, List<String> roles) {
        return sign(otherKey, claims(username, roles, List.of()).build());
    }

    private JWTClaimsSet.Builder claims(String username, List<String> roles, List<String> tenants) {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder().issuer(uri).audience(AUDIENCE).subject(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", username).claim("tenants", tenants);
        return roles == null ? claims : claims.claim("roles", roles);
    }

    private String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            // both keys carry the published key's id, so "another key" fails on the signature, not on an unknown kid
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Body {
        String json() throws IOException;
    }

    private void answer(HttpExchange exchange, Body body) throws IOException {
        if (!available.get()) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
