package io.ultron.sagas.openstack;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Everything {@code ultron.openstack.*}: credentials by reference, HTTP timeouts, retries, the circuit breaker
 * and the fleet-wide concurrency cap. Every field has a default, so an empty configuration works.
 *
 * @param credentials           keyed by a cluster's credentialsRef; refs contain slashes, so write them in brackets:
 *                              {@code ultron.openstack.credentials[clusters/bj1-az1].username}
 * @param connectTimeout        HTTP connect timeout of every OpenStack call
 * @param readTimeout           HTTP read timeout of every OpenStack call
 * @param tokenRefreshMargin    a token is renewed this long before it expires (at most 10% of its lifetime)
 * @param maxThreadsPerCluster  cap on a cluster's executor threads, whatever its maxConcurrentCalls says
 * @param queuePerCluster       calls to one cluster a node admits at once (running, queued, or waiting out a rate limit);
 *                              beyond it a new call fails at once (retryable)
 * @param leaseTtl              a concurrency lease a dead node forgot to give back frees itself after this; it must
 *                              outlast one attempt (a Keystone login and up to four Neutron calls at the timeouts)
 * @param leaseWait             how long a call waits for a free lease before it fails (retryable)
 * @param clusterCacheTtl       how long a looked-up cluster endpoint is reused
 * @param rateLimitMaxWait      how long a call waits in all for a cluster that keeps answering 429 (every node pauses
 *                              its calls to the cluster for the Retry-After, or a backoff without one) before it fails
 */
@ConfigurationProperties("ultron.openstack")
public record OpenStackProperties(
        Map<String, ClusterCredentials> credentials,
        Duration connectTimeout,
        Duration readTimeout,
        Duration tokenRefreshMargin,
        int maxThreadsPerCluster,
        int queuePerCluster,
        Duration leaseTtl,
        Duration leaseWait,
        Duration clusterCacheTtl,
        RetrySettings retry,
        BreakerSettings breaker,
        Duration rateLimitMaxWait) {

    public OpenStackProperties {
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        connectTimeout = orDefault(connectTimeout, Duration.ofSeconds(5));
        readTimeout = orDefault(readTimeout, Duration.ofSeconds(30));
        tokenRefreshMargin = orDefault(tokenRefreshMargin, Duration.ofMinutes(5));
        maxThreadsPerCluster = maxThreadsPerCluster > 0 ? maxThreadsPerCluster : 16;
        queuePerCluster = queuePerCluster > 0 ? queuePerCluster : 1_000;
        leaseTtl = orDefault(leaseTtl, Duration.ofMinutes(5));
        leaseWait = orDefault(leaseWait, Duration.ofSeconds(30));
        clusterCacheTtl = orDefault(clusterCacheTtl, Duration.ofSeconds(30));
        retry = retry == null ? new RetrySettings(0, null, 0, null) : retry;
        breaker = breaker == null ? new BreakerSettings(0, 0, 0, null) : breaker;
        rateLimitMaxWait = orDefault(rateLimitMaxWait, Duration.ofMinutes(5));
    }

    public static OpenStackProperties defaults() {
        return new OpenStackProperties(null, null, null, null, 0, 0, null, null, null, null, null, null);
    }

    /**
     * Retries of idempotent calls after a 5xx or no answer; the same backoff paces a 429 that names no Retry-After.
     *
     * @param maxAttempts    attempts in all, the first included
     * @param initialBackoff wait before the second attempt
     * @param multiplier     each further wait is this much longer
     * @param maxBackoff     no wait is longer than this
     */
    public record RetrySettings(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
        public RetrySettings {
            maxAttempts = maxAttempts > 0 ? maxAttempts : 4;
            initialBackoff = orDefault(initialBackoff, Duration.ofMillis(500));
            multiplier = multiplier >= 1 ? multiplier : 2.0;
            maxBackoff = orDefault(maxBackoff, Duration.ofSeconds(10));
        }
    }

    /**
     * The circuit breaker of each cluster; server errors and unreachable clusters count as failures.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
     * @param slidingWindowSize    calls the failure rate is computed over
     * @param minimumCalls         calls needed before the rate is computed at all
     * @param openDuration         how long an open circuit rejects calls before it lets a few through
     */
    public record BreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumCalls,
                                  Duration openDuration) {
        public BreakerSettings {
            failureRateThreshold = failureRateThreshold > 0 ? failureRateThreshold : 50f;
            slidingWindowSize = slidingWindowSize > 0 ? slidingWindowSize : 20;
            minimumCalls = minimumCalls > 0 ? minimumCalls : 10;
            openDuration = orDefault(openDuration, Duration.ofSeconds(30));
        }
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }
}
