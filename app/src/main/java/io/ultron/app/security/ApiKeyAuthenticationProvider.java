package io.ultron.app.security;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Checks a presented key: one look-up by its hash (in this node's copies while no key has been revoked since, else in
 * the database: {@link KnownApiKeys}), then a constant-time comparison of the hashes, then expiry and revocation. Every refusal says the same ("invalid API key"), so a caller learns nothing about which keys exist.
 * A database that cannot be asked is an {@link AuthenticationServiceException} (answered 503, not 401).
 */
@Component
class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final KnownApiKeys keys;

    ApiKeyAuthenticationProvider(KnownApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String presented = (String) authentication.getCredentials();
        if (!ApiKeySecrets.acceptable(presented)) {
            throw new BadCredentialsException("invalid API key");
        }
        String hash = ApiKeySecrets.hash(presented);
        ApiKeys.Found found;
        try {
            found = keys.find(hash).orElseThrow(() -> new BadCredentialsException("invalid API key"));
        } catch (DataAccessException e) {
            throw new AuthenticationServiceException("API keys cannot be read", e);
        }
        if (!ApiKeySecrets.sameHash(found.hash(), hash) || !found.key().usableAt(Instant.now())) {
            throw new BadCredentialsException("invalid API key");
        }
        return ApiKeyAuthentication.of(found.key());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
