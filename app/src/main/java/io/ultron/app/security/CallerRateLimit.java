package io.ultron.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.ultron.app.web.Problems;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests per caller (API key, or principal), counted in token buckets in Redis so that every node draws from the
 * same bucket (Bucket4j): {@code ultron.security.rate-limit.per-second} with bursts up to {@code burst}; admins have a
 * limit of their own, none unless {@code admin-per-second} is set. Beyond it: 429 {@code rate-limited} with
 * {@code Retry-After}. While Redis cannot be reached, requests are not counted (for {@link #REDIS_AWAY_PAUSE} after a
 * failure, so that a request does not wait for Redis's timeout each time): the limit protects the platform, and
 * refusing every caller would harm it more.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 10)
class CallerRateLimit extends OncePerRequestFilter {

    static final String RATE_LIMITED = "rate-limited";
    private static final Duration REDIS_AWAY_PAUSE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(CallerRateLimit.class);

    private final RedisConnectionFactory redis;
    private final String keyPrefix;
    private final BucketConfiguration callers;
    private final BucketConfiguration admins;
    private final ObjectMapper json;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile ProxyManager<String> buckets;
    private volatile long notBefore;
    /**
     * Each caller's bucket as this node uses it: it takes up to a tenth of a second's tokens locally before it settles
     * with Redis (at most 100 ms later), so that a request seldom waits for Redis. Every node may so overshoot a rate by
     * that much; a rate under 10 a second is settled at every request. One entry per caller that called this node.
     */
    private final Map<String, BucketProxy> callerBuckets = new ConcurrentHashMap<>();

    CallerRateLimit(RedisConnectionFactory redis, ObjectMapper json, @Value("${ultron.redis.key-prefix}") String keyPrefix,
                    @Value("${ultron.security.rate-limit.per-second:100}") long perSecond,
                    @Value("${ultron.security.rate-limit.burst:200}") long burst,
                    @Value("${ultron.security.rate-limit.admin-per-second:0}") long adminPerSecond) {
        this.redis = redis;
        this.json = json;
        this.keyPrefix = keyPrefix + "rate:";
        this.callers = perSecond > 0 ? limit(perSecond, Math.max(burst, perSecond)) : null;
        this.admins = adminPerSecond > 0 ? limit(adminPerSecond, Math.max(burst, adminPerSecond)) : null;
    }

    private static BucketConfiguration limit(long perSecond, long burst) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        BucketConfiguration limit = caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken
                ? null : isAdmin(caller) ? admins : callers;
        if (limit == null || System.nanoTime() - notBefore < 0) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe;
        try {
            probe = callerBuckets.computeIfAbsent(bucketKey(caller), key -> bucket(key, limit)).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException redisAway) {
            notBefore = System.nanoTime() + REDIS_AWAY_PAUSE.toNanos();
            log.warn("request rates not counted for {}: Redis cannot be reached ({})", REDIS_AWAY_PAUSE, redisAway.toString());
            chain.doFilter(request, response);
            return;
        }
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED,
                "too many requests from " + caller.getName() + "; retry after " + retryAfter + " s");
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private BucketProxy bucket(String key, BucketConfiguration limit) {
        long tenthOfASecond = limit.getBandwidths()[0].getRefillTokens() * 100_000_000L / limit.getBandwidths()[0].getRefillPeriodNanos();
        var builder = buckets().builder();
        if (tenthOfASecond >= 1) {
            builder = builder.withOptimization(Optimizations.delaying(new DelayParameters(tenthOfASecond, Duration.ofMillis(100))));
        }
        return builder.build(key, () -> limit);
    }

    private static boolean isAdmin(Authentication caller) {
        return caller.getAuthorities().stream().anyMatch(authority -> "ROLE_admin".equals(authority.getAuthority()));
    }

    private String bucketKey(Authentication caller) {
        return keyPrefix + (caller instanceof ApiKeyAuthentication key && key.keyId() != null ? "key:" + key.keyId()
                : "principal:" + caller.getName());
    }

    /** Connected at first use: a node starts while Redis is away, and Lettuce reconnects by itself afterwards. */
    private ProxyManager<String> buckets() {
        ProxyManager<String> current = buckets;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (buckets == null) {
                RedisClient client = (RedisClient) ((LettuceConnectionFactory) redis).getRequiredNativeClient();
                connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                buckets = Bucket4jLettuce.casBasedBuilder(connection)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .build();
            }
            return buckets;
        }
    }

    @PreDestroy
    void stop() {
        if (connection != null && connection.isOpen()) {
            connection.close();
        }
    }
}
