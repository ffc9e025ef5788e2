package io.ultron.app.security;

import org.springframework.security.core.Authentication;

/**
 * For benchmarks only (this class lives in the bench module, in the application's security package): the
 * authentication a request with {@code key} gets once its key has been checked, made without checking anything.
 */
public final class BenchCallers {

    private BenchCallers() {
    }

    /** What {@link ApiKeyAuthenticationProvider} answers for a usable key. */
    public static Authentication authenticated(ApiKey key) {
        return ApiKeyAuthentication.of(key);
    }

    /** The key id the success handler puts in the MDC (null for another kind of authentication). */
    public static String keyId(Authentication authentication) {
        return authentication instanceof ApiKeyAuthentication key ? key.keyId() : null;
    }
}
