package io.ultron.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs and its answer is kept in Redis
 * (shared by every api node); a repeat with the same body gets that answer again and dispatches nothing;
 * a repeat with a different body is refused with 422; a repeat while the first still runs gets 409.
 * Server errors are not kept, so a client may retry them with the same key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    /** What is kept per key: the request's fingerprint and, once done, the answer. */
    record StoredAnswer(String fingerprint, boolean complete, int status, String contentType, String location, String body) {
    }

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Duration ttl;
    private final String prefix;

    IdempotencyFilter(StringRedisTemplate redis, ObjectMapper json, WebProperties properties,
                      @Value("${ultron.redis.key-prefix}") String keyPrefix) {
        this.redis = redis;
        this.json = json;
        this.ttl = properties.idempotency().ttl();
        this.prefix = keyPrefix + "idempotency:";
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!KEY.matcher(key).matches()) {
            write(response, Problems.of(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
                    "Idempotency-Key must be 1-128 letters, digits or . _ : -"));
            return;
        }
        String redisKey = prefix + key;
        String fingerprint = fingerprint(request);
        try {
            Boolean first = redis.opsForValue().setIfAbsent(redisKey,
                    json.writeValueAsString(new StoredAnswer(fingerprint, false, 0, null, null, null)), ttl);
            if (Boolean.TRUE.equals(first)) {
                runAndKeep(request, response, chain, redisKey, fingerprint);
            } else {
                answerRepeat(response, redis.opsForValue().get(redisKey), fingerprint);
            }
        } catch (DataAccessException e) {
            log.warn("Redis unavailable for idempotency keys", e);
            write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable",
                    "idempotency store unavailable; retry later"));
        }
    }

    private void runAndKeep(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                            String redisKey, String fingerprint) throws ServletException, IOException {
        var recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
        } catch (ServletException | IOException | RuntimeException e) {
            redis.delete(redisKey);
            throw e;
        }
        if (recorded.getStatus() >= 500) {
            redis.delete(redisKey);
        } else {
            var answer = new StoredAnswer(fingerprint, true, recorded.getStatus(), recorded.getContentType(),
                    recorded.getHeader(HttpHeaders.LOCATION),
                    new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8));
            redis.opsForValue().set(redisKey, json.writeValueAsString(answer), ttl);
        }
        recorded.copyBodyToResponse();
    }

    private void answerRepeat(HttpServletResponse response, String stored, String fingerprint) throws IOException {
        if (stored == null) {
            // expired between the two Redis calls: treat as in progress, the client retries
            write(response, Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-use", "retry the request"));
            return;
        }
        StoredAnswer answer = json.readValue(stored, StoredAnswer.class);
        if (!answer.fingerprint().equals(fingerprint)) {
            write(response, Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "this Idempotency-Key was used with a different request"));
            return;
        }
        if (!answer.complete()) {
            write(response, Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-use",
                    "the first request with this Idempotency-Key is still running"));
            return;
        }
        response.setStatus(answer.status());
        response.setHeader(REPLAYED_HEADER, "true");
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        if (answer.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, answer.location());
        }
        if (answer.body() != null) {
            response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String fingerprint(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
