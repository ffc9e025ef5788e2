package io.ultron.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Security's refusals as RFC 7807 problems with the trace id, like every other refusal: 401 with
 * {@code WWW-Authenticate: Bearer} (no credentials, a key that is unknown, expired or revoked, or a JWT that is
 * invalid, expired, from another issuer or for another audience), 403 (roles that do not allow the route), and 503
 * when the credentials cannot be checked (the database or the OIDC issuer is away), which is not the caller's fault.
 * Neither the key nor the token is ever written to the log or the answer.
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    private final ObjectMapper json;

    SecurityProblems(ObjectMapper json) {
        this.json = json;
    }

    /** No usable credentials on a route that needs them. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated",
                "send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>', or a token from the configured"
                        + " OIDC issuer as 'Authorization: Bearer <token>'"));
    }

    /** Credentials were sent and refused. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            log.warn("could not check credentials: {}", e.getCause() != null ? e.getCause().toString() : e.toString());
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.DEPENDENCY_UNAVAILABLE,
                    "credentials cannot be checked right now; retry later"));
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        write(response, Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials", e instanceof OAuth2AuthenticationException
                ? "the token is invalid, expired, or not issued for this service"
                : "the API key is unknown, expired or revoked"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "your roles do not allow this request"));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
