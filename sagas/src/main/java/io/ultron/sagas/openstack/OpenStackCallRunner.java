package io.ultron.sagas.openstack;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.ultron.api.cluster.ClusterId;
import org.openstack4j.api.OSClient;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.internal.OSClientSession;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs one OpenStack operation against one cluster the way every call must run: admitted to the cluster's bounded
 * queue on this node, on the cluster's executor, under a fleet-wide concurrency lease, with the cluster's cached
 * Keystone token and a client built for this thread from it, the trace's {@code X-OpenStack-Request-ID}, inside
 * the cluster's circuit breaker, retried by its retry policy (the waits are scheduled, no thread sleeps through
 * them). The returned future completes on the cluster's executor, exceptionally with an
 * {@link OpenStackCallException}.
 * <p>
 * A cluster that limits its callers is paced, not failed: a 429 pauses every node's calls to that cluster until
 * its Retry-After has passed (or a backoff, without one; see {@link ClusterPacing}), and the call waits its turn
 * and goes again. Neither the 429 nor the wait counts as an attempt or as a failure for the circuit breaker; a
 * call fails only after waiting {@code rateLimitMaxWait} in all. No thread sleeps through a pause.
 */
public class OpenStackCallRunner implements AutoCloseable {

    /** Work done with Neutron within one attempt; runs on a cluster executor thread with a live session. */
    @FunctionalInterface
    interface NeutronWork<T> {
        T apply(NeutronCalls neutron);
    }

    /** Work done with Nova within one attempt; runs on a cluster executor thread with a live session. */
    @FunctionalInterface
    interface NovaWork<T> {
        T apply(NovaCalls nova);
    }

    /** One attempt's work, given the calls' cluster and operation; runs with a live session. */
    @FunctionalInterface
    private interface Work<T> {
        T apply(ClusterId cluster, String operation);
    }

    /**
     * The calls that waited for a pause go again spread over up to this much after it (at most the pause again):
     * all at once, every one of them past the first few would be answered 429 and pause the cluster once more.
     */
    private static final long MAX_SPREAD_MILLIS = 1_000;

    private final ClusterDirectory directory;
    private final KeystoneTokens tokens;
    private final RedisCallCap callCap;
    private final ClusterPacing pacing;
    private final ClusterExecutors executors;
    private final ClusterResilience resilience;
    private final ScheduledExecutorService retryScheduler;
    private final Config httpConfig;
    private final Duration leaseWait;
    private final Duration rateLimitMaxWait;
    private final MeterRegistry meters;

    /** @param meters where each operation's time is counted: {@code ultron.openstack.calls} per cluster, service, outcome */
    public OpenStackCallRunner(ClusterDirectory directory, KeystoneTokens tokens, RedisCallCap callCap,
                               ClusterPacing pacing, ClusterExecutors executors, ClusterResilience resilience,
                               Config httpConfig, Duration leaseWait, Duration rateLimitMaxWait, MeterRegistry meters) {
        this.directory = directory;
        this.tokens = tokens;
        this.callCap = callCap;
        this.pacing = pacing;
        this.executors = executors;
        this.resilience = resilience;
        // Only schedules retries and paced calls: the attempt itself is handed to the cluster's executor.
        this.retryScheduler = Executors.newSingleThreadScheduledExecutor(ClusterExecutors.namedDaemons("openstack-retry-"));
        this.httpConfig = httpConfig;
        this.leaseWait = leaseWait;
        this.rateLimitMaxWait = rateLimitMaxWait;
        this.meters = meters;
    }

    /**
     * Runs Neutron work. {@code idempotent} work is retried as a whole after a 5xx or no answer: it must look up
     * what an earlier attempt may have created before creating anything.
     */
    <T> CompletableFuture<T> run(ClusterId cluster, String operation, boolean idempotent, String traceId,
                                 NeutronWork<T> work) {
        return runWork(cluster, "neutron", operation, idempotent, traceId, (id, op) -> work.apply(new NeutronCalls(id, op)));
    }

    /** Runs Nova work, retried as {@link #run} says. */
    <T> CompletableFuture<T> runNova(ClusterId cluster, String operation, boolean idempotent, String traceId,
                                     NovaWork<T> work) {
        return runWork(cluster, "nova", operation, idempotent, traceId, (id, op) -> work.apply(new NovaCalls(id, op)));
    }

    /**
     * Runs the work and counts the operation's time, retries and waits included, with its outcome: {@code ok}, or
     * the failure's reason ({@code server_error}, {@code unreachable}, {@code circuit_open}…).
     */
    private <T> CompletableFuture<T> runWork(ClusterId cluster, String service, String operation, boolean idempotent,
                                             String traceId, Work<T> work) {
        String requestId = RequestIds.fromTraceId(traceId);
        CompletableFuture<T> result = new CompletableFuture<>();
        Timer.Sample sample = Timer.start(meters);
        AtomicReference<String> clusterName = new AtomicReference<>(cluster.value());
        result.whenComplete((value, failure) -> {
            Throwable cause = failure == null ? null : ClusterResilience.unwrap(failure);
            String outcome = cause == null ? "ok"
                    : cause instanceof OpenStackCallException openStack ? openStack.reason().name().toLowerCase() : "error";
            sample.stop(meters.timer("ultron.openstack.calls", "cluster", clusterName.get(), "service", service,
                    "outcome", outcome));
        });
        CompletableFuture<ClusterEndpoint> lookup;
        try {
            lookup = directory.endpoint(cluster);
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        lookup.whenComplete((endpoint, lookupFailure) -> {
            if (lookupFailure != null) {
                result.completeExceptionally(ClusterResilience.typed(cluster, operation, lookupFailure));
                return;
            }
            clusterName.set(endpoint.name());
            try {
                // a cluster nobody can log in to gets no executor threads (nor breaker, nor retries)
                tokens.credentials(endpoint, operation);
            } catch (OpenStackCallException notConfigured) {
                result.completeExceptionally(notConfigured);
                return;
            }
            ExecutorService executor = executors.forCluster(endpoint);
            Bulkhead queue = resilience.queue(cluster);
            CircuitBreaker breaker = resilience.breaker(cluster);
            Retry retry = resilience.retry(cluster, idempotent);
            Supplier<CompletableFuture<T>> attempt =
                    () -> submit(executor, cluster, operation, () -> attempt(endpoint, operation, requestId, work));
            Supplier<CompletionStage<T>> guardedAttempt = () -> breaker.executeCompletionStage(
                    () -> new PacedCall<>(cluster, operation, attempt).start());
            queue.executeCompletionStage(() -> retry.executeCompletionStage(retryScheduler, guardedAttempt))
                    .whenComplete((value, failure) -> completeOn(executor, result, value,
                            failure == null ? null : ClusterResilience.typed(cluster, operation, failure)));
        });
        return result;
    }

    /**
     * One call that waits out its cluster's rate limit: while the cluster is paused, or answers 429, or no lease
     * comes free, the attempt is scheduled again for when the pause ends (a 429 pauses every node, see
     * {@link ClusterPacing}); nothing of that counts as an attempt. It fails once it has waited
     * {@code rateLimitMaxWait} in all.
     */
    private final class PacedCall<T> {

        private final ClusterId cluster;
        private final String operation;
        private final Supplier<CompletableFuture<T>> attempt;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final long giveUpAt = System.nanoTime() + rateLimitMaxWait.toNanos();
        private int limited;

        PacedCall(ClusterId cluster, String operation, Supplier<CompletableFuture<T>> attempt) {
            this.cluster = cluster;
            this.operation = operation;
            this.attempt = attempt;
        }

        CompletableFuture<T> start() {
            run();
            return result;
        }

        private void run() {
            attempt.get().whenComplete((value, failure) -> {
                Throwable cause = failure == null ? null : ClusterResilience.unwrap(failure);
                if (cause == null) {
                    result.complete(value);
                } else if (cause instanceof ClusterPaused paused) {
                    waitFor(paused.left, null);
                } else if (cause instanceof OpenStackCallException limitedNow
                        && limitedNow.reason() == OpenStackCallException.Reason.RATE_LIMITED) {
                    limited++;
                    Duration asked = limitedNow.retryAfter().orElseGet(() -> resilience.backoff(limited));
                    waitFor(pausedEverywhere(asked), limitedNow);
                } else if (cause instanceof OpenStackCallException noLease
                        && noLease.reason() == OpenStackCallException.Reason.CAPACITY_EXHAUSTED) {
                    waitFor(Duration.ZERO, noLease);
                } else {
                    result.completeExceptionally(cause);
                }
            });
        }

        /** Pauses the cluster for every node; if Redis cannot be told, this call still waits. */
        private Duration pausedEverywhere(Duration asked) {
            try {
                return pacing.pause(cluster, asked);
            } catch (RuntimeException redisDown) {
                return asked;
            }
        }

        private void waitFor(Duration pause, OpenStackCallException why) {
            long spread = ThreadLocalRandom.current().nextLong(Math.min(MAX_SPREAD_MILLIS, pause.toMillis()) + 1);
            long delay = pause.toMillis() + spread;
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) - giveUpAt > 0) {
                result.completeExceptionally(why != null ? why : OpenStackCallException.of(cluster, operation,
                        OpenStackCallException.Reason.RATE_LIMITED, "the cluster was still pausing calls after "
                                + rateLimitMaxWait + " of waiting"));
                return;
            }
            try {
                retryScheduler.schedule(this::run, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                result.completeExceptionally(why != null ? why : OpenStackCallException.of(cluster, operation,
                        OpenStackCallException.Reason.RATE_LIMITED, "the node is stopping"));
            }
        }
    }

    /** The cluster is pausing calls (another call got a 429): nothing was sent; go again once {@code left} passed. */
    private static final class ClusterPaused extends RuntimeException {

        private final Duration left;

        ClusterPaused(Duration left) {
            super("the cluster is pausing calls for " + left, null, false, false);
            this.left = left;
        }
    }

    /** Stops scheduling retries; the cluster executors belong to {@link ClusterExecutors}. */
    @Override
    public void close() {
        retryScheduler.shutdownNow();
    }

    /** The circuit breaker of a cluster, for health checks and tests. */
    public CircuitBreaker.State circuitState(ClusterId cluster) {
        return resilience.breaker(cluster).getState();
    }

    private static <T> CompletableFuture<T> submit(ExecutorService executor, ClusterId cluster, String operation,
                                                   Supplier<T> attempt) {
        try {
            return CompletableFuture.supplyAsync(attempt, executor);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(OpenStackCallException.of(cluster, operation,
                    OpenStackCallException.Reason.OVERLOADED, "the cluster's call queue is full"));
        }
    }

    /** Completes the caller's future on the cluster executor (where the attempt already ran, in most cases). */
    private static <T> void completeOn(ExecutorService executor, CompletableFuture<T> result, T value,
                                       Throwable failure) {
        Runnable complete = () -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        };
        try {
            executor.execute(complete);
        } catch (RejectedExecutionException shuttingDownOrFull) {
            complete.run();
        }
    }

    /** One attempt, on a cluster executor thread: the cluster's pause, lease, token, client for this thread, the work. */
    private <T> T attempt(ClusterEndpoint endpoint, String operation, String requestId, Work<T> work) {
        Duration paused = pacing.pausedFor(endpoint.clusterId());
        if (!paused.isZero()) {
            throw new ClusterPaused(paused);
        }
        RedisCallCap.Lease lease = callCap.acquire(endpoint.clusterId(), endpoint.maxConcurrentCalls(), leaseWait);
        if (lease == null) {
            throw OpenStackCallException.of(endpoint.clusterId(), operation,
                    OpenStackCallException.Reason.CAPACITY_EXHAUSTED,
                    "no free call lease within " + leaseWait + " (cap " + endpoint.maxConcurrentCalls() + ")");
        }
        try {
            Token token = tokens.current(endpoint, operation);
            try {
                return withClient(endpoint, token, operation, requestId, work);
            } catch (OpenStackCallException e) {
                if (e.reason() != OpenStackCallException.Reason.UNAUTHORIZED) {
                    throw e;
                }
                tokens.refused(endpoint, token);
                return withClient(endpoint, tokens.current(endpoint, operation), operation, requestId, work);
            }
        } finally {
            callCap.release(lease);
        }
    }

    private <T> T withClient(ClusterEndpoint endpoint, Token token, String operation, String requestId,
                             Work<T> work) {
        OSClient.OSClientV3 client = OSFactory.clientFromToken(token, httpConfig);
        client.headers(Map.of(RequestIds.HEADER, requestId));
        try {
            return work.apply(endpoint.clusterId(), operation);
        } finally {
            // OpenStack4j re-authenticates by itself after a 401 and keeps the new token in this thread's session.
            if (OSClientSession.getCurrent() instanceof OSClient.OSClientV3 session) {
                tokens.replaced(endpoint, token, session.getToken());
            }
        }
    }
}
