package io.ultron.app.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.List;

/**
 * A person authenticated by a JWT from the configured OIDC issuer: the principal, roles (as authorities) and tenants
 * read from the token's claims (see {@link OidcTokenConverter}). {@link #toString} never shows the token.
 */
public final class OidcAuthentication extends JwtAuthenticationToken {

    private final List<String> tenants;

    OidcAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, String principal, List<String> tenants) {
        super(jwt, authorities, principal);
        this.tenants = List.copyOf(tenants);
    }

    public List<String> tenants() {
        return tenants;
    }

    @Override
    public String toString() {
        return "OidcAuthentication[principal=" + getName() + ", issuer=" + getToken().getIssuer()
                + ", authorities=" + getAuthorities() + "]";
    }
}
