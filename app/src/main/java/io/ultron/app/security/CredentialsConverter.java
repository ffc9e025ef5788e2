package io.ultron.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the credentials: {@code X-Api-Key: <key>} is always an API key; {@code Authorization: Bearer <value>} is a
 * JWT when JWTs are accepted (an OIDC issuer is configured) and the value has a JWT's shape (three dot-separated
 * base64url parts, see {@link ApiKeySecrets#looksLikeJwt}: no API key has it), an API key otherwise. No credentials
 * is no authentication (the route's rule then decides); a malformed {@code Authorization} header is a refusal.
 */
final class CredentialsConverter implements AuthenticationConverter {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "bearer ";

    private final boolean jwtsAccepted;

    CredentialsConverter(boolean jwtsAccepted) {
        this.jwtsAccepted = jwtsAccepted;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new BadCredentialsException("only Bearer authorization is accepted");
            }
            String credentials = authorization.substring(BEARER.length()).trim();
            return jwtsAccepted && ApiKeySecrets.looksLikeJwt(credentials) ? new BearerTokenAuthenticationToken(credentials)
                    : ApiKeyAuthentication.presented(credentials);
        }
        String apiKey = request.getHeader(API_KEY_HEADER);
        return apiKey == null ? null : ApiKeyAuthentication.presented(apiKey.trim());
    }
}
