package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded executor per cluster, on which every OpenStack call to it runs: as many threads as the cluster's
 * maxConcurrentCalls (capped), a bounded queue, idle threads let go. A slow cluster fills only its own queue.
 */
public class ClusterExecutors implements AutoCloseable {

    private final int maxThreads;
    private final int queueCapacity;
    private final Map<ClusterId, ThreadPoolExecutor> executors = new ConcurrentHashMap<>();

    public ClusterExecutors(int maxThreads, int queueCapacity) {
        this.maxThreads = maxThreads;
        this.queueCapacity = queueCapacity;
    }

    /** The cluster's executor; its size follows the endpoint's maxConcurrentCalls when that changes. */
    public ExecutorService forCluster(ClusterEndpoint endpoint) {
        int threads = Math.max(1, Math.min(endpoint.maxConcurrentCalls(), maxThreads));
        ThreadPoolExecutor executor = executors.computeIfAbsent(endpoint.clusterId(), id -> create(id, threads));
        if (executor.getMaximumPoolSize() != threads) {
            synchronized (executor) {
                if (threads > executor.getMaximumPoolSize()) {
                    executor.setMaximumPoolSize(threads);
                    executor.setCorePoolSize(threads);
                } else if (threads < executor.getMaximumPoolSize()) {
                    executor.setCorePoolSize(threads);
                    executor.setMaximumPoolSize(threads);
                }
            }
        }
        return executor;
    }

    private ThreadPoolExecutor create(ClusterId cluster, int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), namedDaemons("openstack-" + cluster.value() + "-"),
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    public static ThreadFactory namedDaemons(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        executors.values().forEach(ExecutorService::shutdownNow);
        executors.clear();
    }
}
