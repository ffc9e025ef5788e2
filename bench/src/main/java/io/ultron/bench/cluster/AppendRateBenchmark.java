package io.ultron.bench.cluster;

import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Events appended per second through the whole command path (HTTP POST → command gateway → Cluster
 * aggregate → set-based name claim → event in MySQL, one transaction per command) against raw JDBC
 * inserts of rows of the same shape (same table layout and indexes, a real event's payload and metadata),
 * at the same concurrency into the same database, one transaction per row. Rounds alternate A/B so
 * drift on a shared machine hits both sides; the ratio is printed per round and as the median.
 *
 * <p>Arguments: {@code [threads] [operations-per-round] [rounds]} (defaults 16, 1500, 3).
 */
public final class AppendRateBenchmark {

    public static void main(String[] args) {
        BenchMain.run(args, AppendRateBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (BenchNode node = BenchNode.start(threads, BenchNode.NO_CAPACITY_JOB, BenchNode.NO_SYNC)) {
            BenchNode.timed(threads, perRound / 5, i -> node.registerCluster()); // warm-up: JIT, pools, caches
            IntConsumer raw = node.rawEventInserts();
            BenchNode.timed(threads, perRound / 5, raw);

            System.out.printf("%nappend rate, %d threads, %d operations per round%n", threads, perRound);
            System.out.printf("%-6s %22s %22s %8s%n", "round", "full path events/s", "raw JDBC rows/s", "ratio");
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double full = perRound / BenchNode.timed(threads, perRound, i -> node.registerCluster());
                double rawRate = perRound / BenchNode.timed(threads, perRound, raw);
                ratios.add(full / rawRate);
                System.out.printf("%-6d %22.0f %22.0f %8.3f%n", round, full, rawRate, full / rawRate);
            }
            ratios.sort(Double::compare);
            System.out.printf("median ratio full path / raw JDBC: %.3f%n", ratios.get(ratios.size() / 2));
        }
    }
}
