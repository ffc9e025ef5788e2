package io.ultron.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * JWTs from an OIDC issuer, for people; API keys are not affected by any of this.
 *
 * @param issuerUri      the issuer ({@code iss}) tokens must name; its discovery document gives the JWK set. Blank: no
 *                       JWT is accepted at all (a bearer token is then always an API key)
 * @param jwkSetUri      the JWK set, when it should not be taken from the issuer's discovery document
 * @param audience       when set, a token's {@code aud} must contain it
 * @param jwsAlgorithms  the signature algorithms accepted (the issuer's keys must use one of them)
 * @param rolesClaim     the claim holding the caller's roles: a list of admin, operator, member, viewer; others are ignored
 * @param tenantsClaim   the claim holding the caller's tenants
 * @param principalClaim the claim naming the caller (the actor of what it does); {@code sub} when the token lacks it
 */
@ConfigurationProperties("ultron.security.oidc")
public record OidcProperties(String issuerUri, String jwkSetUri, String audience,
                             @DefaultValue("RS256") List<String> jwsAlgorithms,
                             @DefaultValue("roles") String rolesClaim,
                             @DefaultValue("tenants") String tenantsClaim,
                             @DefaultValue("preferred_username") String principalClaim) {

    public boolean enabled() {
        return issuerUri != null && !issuerUri.isBlank();
    }

    boolean hasJwkSetUri() {
        return jwkSetUri != null && !jwkSetUri.isBlank();
    }

    boolean hasAudience() {
        return audience != null && !audience.isBlank();
    }
}
