package io.ultron.sagas.openstack;

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
import java.util.function.Supplier;

/**
 * Runs one OpenStack operation against one cluster the way every call must run: on the cluster's executor,
 * under a fleet-wide concurrency lease, with the cluster's cached Keystone token and a client built for this
 * thread from it, the trace's {@code X-OpenStack-Request-ID}, inside the cluster's circuit breaker, retried by
 * its retry policy (the waits are scheduled, no thread sleeps through them). The returned future completes on
 * the cluster's executor, exceptionally with an {@link OpenStackCallException}.
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

    private final ClusterDirectory directory;
    private final KeystoneTokens tokens;
    private final RedisCallCap callCap;
    private final ClusterExecutors executors;
    private final ClusterResilience resilience;
    private final ScheduledExecutorService retryScheduler;
    private final Config httpConfig;
    private final Duration leaseWait;

    public OpenStackCallRunner(ClusterDirectory directory, KeystoneTokens tokens, RedisCallCap callCap,
                               ClusterExecutors executors, ClusterResilience resilience, Config httpConfig,
                               Duration leaseWait) {
        this.directory = directory;
        this.tokens = tokens;
        this.callCap = callCap;
        this.executors = executors;
        this.resilience = resilience;
        // Only schedules retries: the retried attempt itself is handed to the cluster's executor.
        this.retryScheduler = Executors.newSingleThreadScheduledExecutor(ClusterExecutors.namedDaemons("openstack-retry-"));
        this.httpConfig = httpConfig;
        this.leaseWait = leaseWait;
    }

    /**
     * Runs Neutron work. {@code idempotent} work is retried as a whole after a 5xx or no answer: it must look up
     * what an earlier attempt may have created before creating anything.
     */
    <T> CompletableFuture<T> run(ClusterId cluster, String operation, boolean idempotent, String traceId,
                                 NeutronWork<T> work) {
        return runWork(cluster, operation, idempotent, traceId, (id, op) -> work.apply(new NeutronCalls(id, op)));
    }

    /** Runs Nova work, retried as {@link #run} says. */
    <T> CompletableFuture<T> runNova(ClusterId cluster, String operation, boolean idempotent, String traceId,
                                     NovaWork<T> work) {
        return runWork(cluster, operation, idempotent, traceId, (id, op) -> work.apply(new NovaCalls(id, op)));
    }

    private <T> CompletableFuture<T> runWork(ClusterId cluster, String operation, boolean idempotent, String traceId,
                                             Work<T> work) {
        String requestId = RequestIds.fromTraceId(traceId);
        CompletableFuture<T> result = new CompletableFuture<>();
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
            try {
                // a cluster nobody can log in to gets no executor threads (nor breaker, nor retries)
                tokens.credentials(endpoint, operation);
            } catch (OpenStackCallException notConfigured) {
                result.completeExceptionally(notConfigured);
                return;
            }
            ExecutorService executor = executors.forCluster(endpoint);
            CircuitBreaker breaker = resilience.breaker(cluster);
            Retry retry = resilience.retry(cluster, idempotent);
            Supplier<CompletionStage<T>> guardedAttempt = () -> breaker.executeCompletionStage(
                    () -> submit(executor, cluster, operation, () -> attempt(endpoint, operation, requestId, work)));
            retry.executeCompletionStage(retryScheduler, guardedAttempt).whenComplete((value, failure) ->
                    completeOn(executor, result, value,
                            failure == null ? null : ClusterResilience.typed(cluster, operation, failure)));
        });
        return result;
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

    /** One attempt, on a cluster executor thread: lease, token, client for this thread, the work. */
    private <T> T attempt(ClusterEndpoint endpoint, String operation, String requestId, Work<T> work) {
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
