package io.ultron.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs and its final answer is kept in Redis
 * (shared by every api node); a repeat with the same body gets that answer again and dispatches nothing;
 * a repeat with a different body is refused with 422; a repeat while the first still runs gets 409.
 * <p>
 * Only final answers are kept: 2xx and 4xx refusals by a rule. An answer that says "try again" (a 409 for a
 * lost race or work still under way, 408, 425, 429, every 5xx) frees the key at once, so the client's retry
 * with the same key runs. While the first request runs, its key holds a marker that expires after
 * {@code in-progress-ttl} unless the request refreshes it, so a key whose node died is free again soon.
 * <p>
 * Keys belong to the caller: it runs after security, and the same key from two principals is two requests.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 20)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final ObjectMapper PROBLEM_READER = new ObjectMapper();

    /** 409 codes that mean "not now" rather than "no": the same request may well succeed when retried. */
    static final Set<String> RETRY_CONFLICTS = Set.of(Problems.CONCURRENT_MODIFICATION, "action-pending", "rebuild-in-progress");

    /** Extends the key's life while it still holds this request's marker (ARGV[1]). */
    private static final RedisScript<Long> REFRESH = RedisScript.of("""
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
            return 0""", Long.class);
    /** Replaces this request's marker with its answer (ARGV[2], kept ARGV[3] ms), or frees the key if there is none. */
    private static final RedisScript<Long> FINISH = RedisScript.of("""
            if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
            if ARGV[2] == '' then return redis.call('del', KEYS[1]) end
            redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1""", Long.class);

    /**
     * What is kept per key: the request's fingerprint and, once done, the answer. {@code run} tells one running
     * request's marker from another's, so a request only ever refreshes or replaces its own.
     */
    record StoredAnswer(String fingerprint, boolean complete, int status, String contentType, String location, String body,
                        String run) {
    }

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Duration ttl;
    private final Duration inProgressTtl;
    private final String prefix;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "idempotency-refresh");
        thread.setDaemon(true);
        return thread;
    });

    IdempotencyFilter(StringRedisTemplate redis, ObjectMapper json, WebProperties properties,
                      @Value("${ultron.redis.key-prefix}") String keyPrefix) {
        this.redis = redis;
        this.json = json;
        this.ttl = properties.idempotency().ttl();
        this.inProgressTtl = properties.idempotency().inProgressTtl();
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
        String redisKey = redisKey(caller(), key);
        String fingerprint = fingerprint(request);
        String marker;
        String stored;
        try {
            marker = claim(redisKey, fingerprint);
            stored = marker == null ? redis.opsForValue().get(redisKey) : null;
        } catch (DataAccessException e) {
            log.warn("Redis unavailable for idempotency keys: {}", e.toString());
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.DEPENDENCY_UNAVAILABLE,
                    "idempotency store unavailable; retry later"));
            return;
        }
        if (marker != null) {
            runAndKeep(request, response, chain, redisKey, marker, fingerprint);
        } else {
            answerRepeat(response, stored, fingerprint);
        }
    }

    /** Takes the key (with its prefix) for a new run: returns the run's marker, or null if the key is taken. */
    String claim(String redisKey, String fingerprint) throws IOException {
        String marker = json.writeValueAsString(new StoredAnswer(fingerprint, false, 0, null, null, null, UUID.randomUUID().toString()));
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(redisKey, marker, inProgressTtl)) ? marker : null;
    }

    /** The Redis key behind a caller's {@code Idempotency-Key} (neither a principal name nor a key holds a '|'). */
    String redisKey(String caller, String key) {
        return prefix + caller + "|" + key;
    }

    private static String caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() || authentication.getName() == null
                ? "anonymous" : authentication.getName();
    }

    private void runAndKeep(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                            String redisKey, String marker, String fingerprint) throws ServletException, IOException {
        var recorded = new ContentCachingResponseWrapper(response);
        long every = Math.max(100, inProgressTtl.toMillis() / 3);
        ScheduledFuture<?> refreshing = refresher.scheduleAtFixedRate(() -> refresh(redisKey, marker), every, every, TimeUnit.MILLISECONDS);
        try {
            chain.doFilter(request, recorded);
        } catch (ServletException | IOException | RuntimeException e) {
            refreshing.cancel(false);
            finish(redisKey, marker, "");
            throw e;
        }
        refreshing.cancel(false);
        String body = new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8);
        if (isFinal(recorded.getStatus(), recorded.getContentType(), body)) {
            finish(redisKey, marker, json.writeValueAsString(new StoredAnswer(fingerprint, true, recorded.getStatus(),
                    recorded.getContentType(), recorded.getHeader(HttpHeaders.LOCATION), body, null)));
        } else {
            finish(redisKey, marker, "");
        }
        recorded.copyBodyToResponse();
    }

    /** 2xx, and 4xx that refuse by a rule; not 408, 425, 429 nor a 409 that asks for a retry, nor 1xx, 3xx, 5xx. */
    static boolean isFinal(int status, String contentType, String body) {
        if (status >= 200 && status < 300) {
            return true;
        }
        if (status < 400 || status >= 500 || List.of(408, 425, 429).contains(status)) {
            return false;
        }
        return status != HttpStatus.CONFLICT.value() || !RETRY_CONFLICTS.contains(problemCode(contentType, body));
    }

    private static String problemCode(String contentType, String body) {
        if (contentType == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(contentType))) {
            return null;
        }
        try {
            return PROBLEM_READER.readTree(body).path("code").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private void refresh(String redisKey, String marker) {
        try {
            redis.execute(REFRESH, List.of(redisKey), marker, Long.toString(inProgressTtl.toMillis()));
        } catch (RuntimeException e) {
            // Redis away for a moment: the marker may lapse, and the key then is free as if this node had died
            log.debug("could not refresh idempotency key {}: {}", redisKey, e.toString());
        }
    }

    /** Stores the final answer, or frees the key when {@code answer} is empty; only while the key is still ours. */
    private void finish(String redisKey, String marker, String answer) {
        try {
            redis.execute(FINISH, List.of(redisKey), marker, answer, Long.toString(ttl.toMillis()));
        } catch (RuntimeException e) {
            // the answer still goes out; the key is freed when its marker expires
            log.warn("could not record the answer for idempotency key {}: {}", redisKey, e.toString());
        }
    }

    private void answerRepeat(HttpServletResponse response, String stored, String fingerprint) throws IOException {
        if (stored == null) {
            // freed between the two Redis calls: the client retries
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
        return fingerprint(request.getMethod(), request.getRequestURI(), request.getInputStream().readAllBytes());
    }

    static String fingerprint(String method, String path, byte[] body) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
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

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
