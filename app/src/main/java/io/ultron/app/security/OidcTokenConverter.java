package io.ultron.app.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A validated JWT as a caller: roles from {@link OidcProperties#rolesClaim} (a list, or one string; values that are
 * not a role are ignored, so a token without a usable role is authenticated with no role and refused 403 everywhere),
 * tenants from {@link OidcProperties#tenantsClaim}, the principal from {@link OidcProperties#principalClaim} or else
 * {@code sub}. The roles go through Spring's {@link JwtAuthenticationConverter} as authorities.
 */
final class OidcTokenConverter implements Converter<Jwt, OidcAuthentication> {

    private final OidcProperties properties;
    private final JwtAuthenticationConverter roles = new JwtAuthenticationConverter();

    OidcTokenConverter(OidcProperties properties) {
        this.properties = properties;
        roles.setJwtGrantedAuthoritiesConverter(this::authorities);
    }

    @Override
    public OidcAuthentication convert(Jwt jwt) {
        return new OidcAuthentication(jwt, roles.convert(jwt).getAuthorities(), principal(jwt), strings(jwt, properties.tenantsClaim()));
    }

    /** Refuses (as an invalid token) a token that names nobody: no principal claim and no {@code sub}. */
    OAuth2TokenValidator<Jwt> principalPresent() {
        return jwt -> principal(jwt) != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(
                "invalid_token", "the token names no principal", null));
    }

    private String principal(Jwt jwt) {
        String named = blankToNull(jwt.getClaimAsString(properties.principalClaim()));
        return named != null ? named : blankToNull(jwt.getClaimAsString(JwtClaimNames.SUB));
    }

    private Collection<GrantedAuthority> authorities(Jwt jwt) {
        return strings(jwt, properties.rolesClaim()).stream().map(ApiRoleName::parse).flatMap(Optional::stream)
                .distinct().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority())).toList();
    }

    /** A claim that is a list of strings or one string; anything else is no value. */
    private static List<String> strings(Jwt jwt, String claim) {
        Object value = jwt.getClaim(claim);
        if (value instanceof String one) {
            return List.of(one);
        }
        if (value instanceof Collection<?> many) {
            return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
