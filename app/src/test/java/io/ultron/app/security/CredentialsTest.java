package io.ultron.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pure parts of telling credentials apart and reading a validated token's claims (the token's validation itself
 * is Spring's, proved against a real issuer in {@link JwtIT}).
 */
class CredentialsTest {

    private static final String JWT_SHAPED = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final OidcProperties DEFAULTS = new OidcProperties("https://idp.example", null, null, List.of("RS256"),
            "roles", "tenants", "preferred_username");

    @Test
    void aBearerValueWithAJwtsShapeIsATokenOnlyWhileTokensAreAccepted() {
        assertThat(new CredentialsConverter(true).convert(bearer(JWT_SHAPED))).isInstanceOf(BearerTokenAuthenticationToken.class);
        assertThat(new CredentialsConverter(false).convert(bearer(JWT_SHAPED))).isInstanceOf(ApiKeyAuthentication.class);
        String key = ApiKeySecrets.newKey();
        assertThat(new CredentialsConverter(true).convert(bearer(key))).isInstanceOf(ApiKeyAuthentication.class);
        for (String notAJwt : List.of("a.b", "a.b.c.d", "a..c", "a.b.", "a.b.c=", "a b.c.d")) {
            assertThat(ApiKeySecrets.looksLikeJwt(notAJwt)).as(notAJwt).isFalse();
        }

        var viaHeader = new MockHttpServletRequest();
        viaHeader.addHeader("X-Api-Key", JWT_SHAPED);
        assertThat(new CredentialsConverter(true).convert(viaHeader)).as("X-Api-Key holds keys only")
                .isInstanceOf(ApiKeyAuthentication.class);
    }

    @Test
    void generatedKeysNeverLookLikeAJwtAndAConfiguredBootstrapKeyMayNot() {
        for (int i = 0; i < 1000; i++) {
            assertThat(ApiKeySecrets.looksLikeJwt(ApiKeySecrets.newKey())).isFalse();
        }
        assertThatThrownBy(() -> new BootstrapAdminKey(null, JWT_SHAPED, "").run(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT");
    }

    @Test
    void rolesAreTheKnownValuesOfTheRolesClaimTenantsComeFromTheirsAndTheUsernameIsThePrincipal() {
        var caller = new OidcTokenConverter(DEFAULTS).convert(jwt(claims -> {
            claims.put("roles", List.of("viewer", "superuser", "member", "viewer", "Admin"));
            claims.put("tenants", List.of("acme", "globex"));
            claims.put("preferred_username", "alice");
        }));
        assertThat(caller.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_viewer", "ROLE_member");
        assertThat(caller.tenants()).containsExactly("acme", "globex");
        assertThat(caller.getName()).isEqualTo("alice");
        assertThat(caller.toString()).doesNotContain("token-value");
    }

    @Test
    void claimNamesAreConfigurableOneStringIsOneValueAndTheSubjectStandsInForAMissingUsername() {
        var custom = new OidcProperties("https://idp.example", null, null, List.of("RS256"), "ultron_roles", "groups", "email");
        var caller = new OidcTokenConverter(custom).convert(jwt(claims -> {
            claims.put("ultron_roles", "operator");
            claims.put("groups", "acme");
            claims.put("roles", List.of("admin"));
        }));
        assertThat(caller.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_operator");
        assertThat(caller.tenants()).containsExactly("acme");
        assertThat(caller.getName()).as("no email claim: the subject").isEqualTo("subject-1");

        var noRoles = new OidcTokenConverter(DEFAULTS).convert(jwt(claims -> claims.put("roles", Map.of("admin", true))));
        assertThat(noRoles.getAuthorities()).isEmpty();
        assertThat(noRoles.tenants()).isEmpty();
    }

    private static MockHttpServletRequest bearer(String value) {
        var request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer " + value);
        return request;
    }

    private static Jwt jwt(Consumer<Map<String, Object>> claims) {
        return Jwt.withTokenValue("token-value").header("alg", "RS256").subject("subject-1")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).claims(claims).build();
    }
}
