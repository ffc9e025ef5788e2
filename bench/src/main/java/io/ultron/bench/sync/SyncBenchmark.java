package io.ultron.bench.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;
import io.ultron.bench.support.BenchProcess;
import io.ultron.bench.support.Paced;
import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;
import io.ultron.sim.admin.ServerSeed;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Sync of a fleet the size of the mission: {@code clusters} simulated clusters of {@code servers} servers each,
 * seeded in the simulator, read by conductors side by side in one run:
 * <ul>
 *   <li>a full sync of every cluster by one conductor, then by two (the second in a JVM of its own);</li>
 *   <li>an incremental sync after 1% of the servers changed (stopped behind Ultron's back);</li>
 *   <li>the p99 of paced online commands (cluster capability updates) during full syncs against idle windows.</li>
 * </ul>
 * A sync is started by clearing the clusters' sync state in Redis (a full one) or by backdating its last try (an
 * incremental one); the nodes' own intervals are an hour, so nothing else syncs meanwhile. The seeded servers are
 * not Ultron's: the first sync records each as unmanaged (timed on its own); a full sync after that reads and
 * compares all of them and records nothing; an incremental one records the 1% stopped since the last.
 *
 * <p>Arguments: {@code [clusters] [servers-per-cluster] [rounds] [paced-per-second] [--setting=value …]} (defaults 40,
 * 750, 3, 50), the settings passed to every node.
 */
public final class SyncBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) {
        BenchMain.run(args, SyncBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int servers = args.length > 1 ? Integer.parseInt(args[1]) : 750;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int pacedRate = args.length > 3 && !args[3].startsWith("--") ? Integer.parseInt(args[3]) : 50;
        // anything after the numbers is a setting of the nodes, e.g. --ultron.sync.concurrency=2
        List<String> extra = java.util.Arrays.stream(args).filter(arg -> arg.startsWith("--")).toList();
        try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(clusters).seed(7).build())) {
            long seedStart = System.nanoTime();
            for (String cluster : sim.clusterNames()) {
                sim.admin().seedServers(cluster, ServerSeed.of(servers, "seeded"));
            }
            System.out.printf("%nsettings: %s%nseeded %,d servers in %d clusters in %.1f s%n", extra, clusters * servers, clusters,
                    (System.nanoTime() - seedStart) / 1e9);
            List<String> settings = new ArrayList<>(List.of(BenchNode.NO_CAPACITY_JOB,
                    "--ultron.sync.initial-delay=0s", "--ultron.sync.interval=1h", "--ultron.sync.full-interval=1h"));
            settings.addAll(extra);
            for (String cluster : sim.clusterNames()) {
                Credentials c = sim.credentials(cluster);
                String prefix = "--ultron.openstack.credentials[sim/" + cluster + "].";
                settings.addAll(List.of(prefix + "username=" + c.username(), prefix + "password=" + c.password(),
                        prefix + "project-name=" + c.projectName()));
            }
            try (BenchNode node = BenchNode.start(4, settings.toArray(String[]::new))) {
                List<String> ids = new ArrayList<>();
                for (String cluster : sim.clusterNames()) {
                    // five clusters per IDC, as the fleet has them (an IDC holds at most eight)
                    HttpResponse<String> created = node.post("/api/v1/clusters", """
                            {"name":"%s","area":"bench","idc":"bench-sync-%d","keystoneUrl":"%s","credentialsRef":"sim/%s",
                             "release":"zed","capabilities":["CLOUD_DISK"],"maxConcurrentCalls":20}
                            """.formatted(cluster, ids.size() / 5, sim.keystoneUrl(cluster), cluster));
                    ids.add(JSON.readTree(created.body()).get("id").asText());
                }
                Syncs syncs = new Syncs(node.bean(StringRedisTemplate.class), node.redisPrefix(), ids);
                // the first sync of each cluster once the view holds it records every seeded server as unmanaged
                long firstStart = System.nanoTime();
                syncs.awaitFull();
                double first = (System.nanoTime() - firstStart) / 1e9;
                syncs.full(); // warms up

                List<Double> one = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    one.add(syncs.full());
                }
                System.out.printf("full syncs by one conductor: %s%n", one);
                List<Double> incremental = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    stopSome(sim, servers / 100);
                    incremental.add(syncs.incremental());
                }
                System.out.printf("incremental syncs: %s%n", incremental);
                List<Long> idle = new ArrayList<>();
                List<Long> duringSync = new ArrayList<>();
                Runnable command = () -> patchCluster(node, ids);
                for (int i = 0; i < pacedRate; i++) {
                    command.run(); // warm-up
                }
                for (int round = 0; round < rounds; round++) {
                    int count = (int) Math.max(pacedRate, Math.round(one.get(0) * pacedRate));
                    idle.addAll(Paced.requests(count, pacedRate, command));
                    duringSync.addAll(pacedDuring(count, pacedRate, command, syncs));
                }

                List<Double> two = new ArrayList<>();
                List<String> peerArgs = new ArrayList<>(settings);
                peerArgs.addAll(List.of("--ultron.roles=conductor", "--ultron.node-id=second-conductor",
                        "--logging.level.root=WARN", BenchNode.ADMIN_KEY_SETTING));
                peerArgs.add("--ultron.redis.key-prefix=" + node.redisPrefix());
                try (BenchProcess second = BenchProcess.start("ultron-bench-sync-conductor.log", "1g", node.jdbcUrl(),
                        BenchNode.redisUrl(), peerArgs)) {
                    syncs.full(); // the second conductor's first reading warms it up
                    for (int round = 0; round < rounds; round++) {
                        two.add(syncs.full());
                    }
                }

                System.out.printf("%nsync of %d clusters x %d servers (%,d), %d rounds each%n", clusters, servers,
                        clusters * servers, rounds);
                System.out.printf("%-52s %.2f%n", "first full sync, recording all as unmanaged (s)", first);
                System.out.printf("%-52s %s%n", "full sync, one conductor (s)", seconds(one));
                System.out.printf("%-52s %s%n", "full sync, two conductors (s)", seconds(two));
                System.out.printf("%-52s %.2f%n", "ratio two / one (medians)", median(two) / median(one));
                System.out.printf("%-52s %s%n", "incremental sync, 1% changed (s)", seconds(incremental));
                System.out.printf("online commands paced at %d/s, without and during full syncs (one conductor):%n", pacedRate);
                long idleP99 = Paced.percentile(idle, 0.99);
                long duringP99 = Paced.percentile(duringSync, 0.99);
                System.out.printf("  %-50s %.1f ms / %.1f ms%n", "p99 idle / during", idleP99 / 1e6, duringP99 / 1e6);
                System.out.printf("  %-50s %.2f%n", "ratio p99 during / idle", (double) duringP99 / idleP99);
                System.out.printf("  %-50s %.1f ms / %.1f ms%n", "p50 idle / during", Paced.percentile(idle, 0.5) / 1e6,
                        Paced.percentile(duringSync, 0.5) / 1e6);
            }
        }
    }

    /** Stops {@code perCluster} running servers of every cluster behind Ultron's back. */
    private static void stopSome(OpenStackSimulator sim, int perCluster) {
        for (String cluster : sim.clusterNames()) {
            var running = sim.admin().servers(cluster).stream().filter(server -> server.status().equals("ACTIVE")).toList();
            for (int i = 0; i < perCluster && i < running.size(); i++) {
                sim.admin().stopServer(cluster, running.get(i).id());
            }
        }
    }

    private static void patchCluster(BenchNode node, List<String> ids) {
        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        String body = ThreadLocalRandom.current().nextBoolean() ? "{\"capabilities\":[\"CLOUD_DISK\"]}"
                : "{\"capabilities\":[\"CLOUD_DISK\",\"LOCAL_DISK\"]}";
        int status = node.patch("/api/v1/clusters/" + id, body).statusCode();
        if (status != 204) {
            throw new IllegalStateException("PATCH answered " + status);
        }
    }

    /** Paced commands while full syncs run one after the other until the last command is sent. */
    private static List<Long> pacedDuring(int count, int perSecond, Runnable command, Syncs syncs) throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            var running = new java.util.concurrent.atomic.AtomicBoolean(true);
            Future<?> syncing = background.submit(() -> {
                while (running.get()) {
                    syncs.full();
                }
                return null;
            });
            List<Long> latencies = Paced.requests(count, perSecond, command);
            running.set(false);
            syncing.get();
            return latencies;
        } finally {
            background.shutdownNow();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String seconds(List<Double> values) {
        return values.stream().map(v -> String.format("%.2f", v)).toList() + " median " + String.format("%.2f", median(values));
    }

    /** Starts syncs through the clusters' sync state in Redis and times them until every cluster has one. */
    private record Syncs(StringRedisTemplate redis, String prefix, List<String> clusterIds) {

        /** Every cluster synced in full from now; answers the seconds until the last finished. */
        double full() {
            long start = System.currentTimeMillis();
            for (String id : clusterIds) {
                redis.delete(prefix + "sync:state:" + id);
            }
            return awaitAll("fullAt", start);
        }

        /** Every cluster synced incrementally (from its last sync) from now. */
        double incremental() {
            long start = System.currentTimeMillis();
            String longAgo = Long.toString(start - Duration.ofHours(2).toMillis());
            for (String id : clusterIds) {
                redis.opsForHash().put(prefix + "sync:state:" + id, "triedAt", longAgo);
            }
            return awaitAll("incrementalAt", start);
        }

        void awaitFull() {
            awaitAll("fullAt", 0);
        }

        private double awaitAll(String field, long since) {
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
            while (System.currentTimeMillis() < deadline) {
                boolean all = true;
                for (String id : clusterIds) {
                    Map<Object, Object> state = redis.opsForHash().entries(prefix + "sync:state:" + id);
                    Object at = state.get(field);
                    if (at == null || Long.parseLong(at.toString()) < since) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return (System.currentTimeMillis() - since) / 1000.0;
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // polling Redis, a benchmark's own wait
            }
            throw new IllegalStateException("syncs not done within 10 minutes");
        }
    }
}
