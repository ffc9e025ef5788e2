package io.ultron.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the key from {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}; no key is no authentication
 * (the route's rule then decides), a malformed {@code Authorization} header is a refusal.
 */
final class ApiKeyAuthenticationConverter implements AuthenticationConverter {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "bearer ";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new BadCredentialsException("only Bearer authorization is accepted");
            }
            return ApiKeyAuthentication.presented(authorization.substring(BEARER.length()).trim());
        }
        String apiKey = request.getHeader(API_KEY_HEADER);
        return apiKey == null ? null : ApiKeyAuthentication.presented(apiKey.trim());
    }
}
