package io.ultron.app.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * A caller: before authentication only the presented key (the credentials, erased once checked); after it the
 * key's principal, id, roles (as authorities) and tenants. {@link #toString} never shows the key.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String principal;
    private final String keyId;
    private final List<String> tenants;
    private String presentedKey;

    private ApiKeyAuthentication(String presentedKey) {
        super(List.of());
        this.presentedKey = presentedKey;
        this.principal = null;
        this.keyId = null;
        this.tenants = List.of();
    }

    private ApiKeyAuthentication(ApiKey key) {
        super(key.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.principal = key.principal();
        this.keyId = key.id();
        this.tenants = key.tenants();
        setAuthenticated(true);
    }

    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key);
    }

    static ApiKeyAuthentication of(ApiKey key) {
        return new ApiKeyAuthentication(key);
    }

    @Override
    public Object getCredentials() {
        return presentedKey;
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal;
    }

    public String keyId() {
        return keyId;
    }

    public List<String> tenants() {
        return tenants;
    }

    @Override
    public void eraseCredentials() {
        presentedKey = null;
        super.eraseCredentials();
    }

    @Override
    public String toString() {
        return "ApiKeyAuthentication[principal=" + principal + ", keyId=" + keyId + ", authorities=" + getAuthorities() + "]";
    }
}
