package io.ultron.sagas.openstack;

import io.ultron.sagas.Failures;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.ultron.api.cluster.ClusterId;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resilience4j per cluster: a bulkhead bounding the calls this node has admitted (running, queued or waiting out
 * a rate limit), a circuit breaker, and the retry policies: idempotent calls are retried on server errors and
 * unreachable clusters with exponential backoff. A 429 is neither a failure nor a retry here: the call waits it out
 * (see {@link OpenStackCallRunner}) and the breaker ignores it. An open circuit is never retried: the call fails at
 * once.
 */
public class ClusterResilience {

    private final OpenStackProperties.RetrySettings retrySettings;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry queues;
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    /** @param queuePerCluster calls to one cluster this node admits at once; beyond it a call fails at once */
    public ClusterResilience(OpenStackProperties.RetrySettings retrySettings,
                             OpenStackProperties.BreakerSettings breakerSettings, int queuePerCluster) {
        this.retrySettings = retrySettings;
        this.queues = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(queuePerCluster)
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breakerSettings.slidingWindowSize())
                .minimumNumberOfCalls(breakerSettings.minimumCalls())
                .failureRateThreshold(breakerSettings.failureRateThreshold())
                .waitDurationInOpenState(breakerSettings.openDuration())
                .recordException(failure -> unwrap(failure) instanceof OpenStackCallException e && e.countsAgainstCluster())
                // a cluster that limits its callers is healthy: the call neither failed nor succeeded
                .ignoreException(failure -> unwrap(failure) instanceof OpenStackCallException e
                        && e.reason() == OpenStackCallException.Reason.RATE_LIMITED)
                .build());
    }

    /** The bounded queue of the cluster's calls on this node. */
    public Bulkhead queue(ClusterId cluster) {
        return queues.bulkhead("openstack-" + cluster.value());
    }

    public CircuitBreaker breaker(ClusterId cluster) {
        return breakers.circuitBreaker("openstack-" + cluster.value());
    }

    public Retry retry(ClusterId cluster, boolean idempotent) {
        String name = "openstack-" + cluster.value() + (idempotent ? "-idempotent" : "-once");
        return retries.computeIfAbsent(name, key -> Retry.of(key, RetryConfig.<Object>custom()
                .maxAttempts(retrySettings.maxAttempts())
                .retryOnException(failure -> worthRetrying(unwrap(failure), idempotent))
                .intervalBiFunction(waitBefore())
                .failAfterMaxAttempts(false)
                .build()));
    }

    private IntervalBiFunction<Object> waitBefore() {
        return (attempt, outcome) -> backoff(attempt).toMillis();
    }

    /** The wait after the {@code attempt}th failure: the retry policy's exponential backoff. */
    Duration backoff(int attempt) {
        double backoff = retrySettings.initialBackoff().toMillis()
                * Math.pow(retrySettings.multiplier(), Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(backoff, retrySettings.maxBackoff().toMillis()));
    }

    private static boolean worthRetrying(Throwable failure, boolean idempotent) {
        if (!(failure instanceof OpenStackCallException e)) {
            return false;
        }
        return switch (e.reason()) {
            case SERVER_ERROR, UNREACHABLE -> idempotent;
            default -> false;
        };
    }

    /** The failure as our typed exception: an open circuit or anything unexpected becomes an {@link OpenStackCallException}. */
    static OpenStackCallException typed(ClusterId cluster, String operation, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof OpenStackCallException e) {
            return e;
        }
        if (cause instanceof BulkheadFullException full) {
            return new OpenStackCallException(cluster, operation, OpenStackCallException.Reason.OVERLOADED, null, null,
                    "this node already has as many calls to the cluster queued as it admits", full);
        }
        if (cause instanceof CallNotPermittedException open) {
            return new OpenStackCallException(cluster, operation, OpenStackCallException.Reason.CIRCUIT_OPEN, null, null,
                    "the circuit breaker of the cluster is open after repeated failures; not calling it for now", open);
        }
        return new OpenStackCallException(cluster, operation, OpenStackCallException.Reason.UNREACHABLE, null, null,
                String.valueOf(cause), cause);
    }

    static Throwable unwrap(Throwable failure) {
        return Failures.cause(failure);
    }

    /** How long a 429 asked to wait, never less than a tenth of a second. */
    static Duration atLeastAMoment(Duration retryAfter) {
        return retryAfter.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : retryAfter;
    }
}
