package io.ultron.bench.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/** Online requests at a steady pace, and their percentiles: how the benchmarks see what users would feel. */
public final class Paced {

    private Paced() {
    }

    /**
     * Sends {@code count} requests at {@code perSecond}, each on a thread of its own so none waits for another, and
     * answers each one's latency from its scheduled send time, in nanoseconds (a stall is not hidden by the client
     * waiting).
     */
    public static List<Long> requests(int count, int perSecond, Runnable request) {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            long interval = 1_000_000_000L / perSecond;
            long start = System.nanoTime();
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                LockSupport.parkNanos(due - System.nanoTime());
                sent.add(pool.submit(() -> {
                    request.run();
                    return System.nanoTime() - due;
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> latency : sent) {
                latencies.add(latency.get());
            }
            return latencies;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code quantile} (0..1] of {@code latencies}. */
    public static long percentile(List<Long> latencies, double quantile) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
