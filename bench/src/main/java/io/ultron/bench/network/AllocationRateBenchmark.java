package io.ultron.bench.network;

import io.ultron.bench.support.SubnetPools;
import io.ultron.bench.support.BenchMain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.bench.support.BenchNode;
import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * IP allocations per second through the whole command path (HTTP POST → Vpc aggregate → event in MySQL,
 * Neutron pools kept by the saga against the simulator), side by side with the skeleton's two rates measured in
 * the same run: cluster registrations through the full command path, and raw JDBC inserts of event rows. Each
 * round allocates in a fresh VPC (a VPC holds 4,084 addresses), spread over two clusters of one IDC, so the
 * round includes the slice top-ups a growing cluster needs; a 503 ("being provisioned") is retried by the client.
 *
 * <p>Arguments: {@code [threads] [allocations-per-round] [rounds]} (defaults 16, 1000, 3).
 */
public final class AllocationRateBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Answers "being provisioned" (503) that the client waited out, over all rounds. */
    private static final AtomicInteger UNAVAILABLE = new AtomicInteger();

    public static void main(String[] args) {
        BenchMain.run(args, AllocationRateBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(2).seed(3).build())) {
            List<String> credentials = new ArrayList<>();
            for (String cluster : sim.clusterNames()) {
                Credentials c = sim.credentials(cluster);
                String prefix = "--ultron.openstack.credentials[sim/" + cluster + "].";
                credentials.addAll(List.of(prefix + "username=" + c.username(), prefix + "password=" + c.password(),
                        prefix + "project-name=" + c.projectName()));
            }
            credentials.add(BenchNode.NO_CAPACITY_JOB);
            credentials.add(BenchNode.NO_SYNC);
            try (BenchNode node = BenchNode.start(threads, credentials.toArray(String[]::new))) {
                List<String> clusterIds = new ArrayList<>();
                for (String cluster : sim.clusterNames()) {
                    var created = node.post("/api/v1/clusters", """
                            {"name":"%s","area":"bench","idc":"bench-alloc","keystoneUrl":"%s","credentialsRef":"sim/%s",
                             "release":"zed","capabilities":["CLOUD_DISK"],"maxConcurrentCalls":20}
                            """.formatted(cluster, sim.keystoneUrl(cluster), cluster));
                    clusterIds.add(JSON.readTree(created.body()).get("id").asText());
                }
                waitFor(() -> json(node.get("/api/v1/clusters?idc=bench-alloc")).size() == clusterIds.size());

                allocations(node, clusterIds, threads, perRound / 5); // warm-up
                BenchNode.timed(threads, perRound / 5, i -> node.registerCluster());
                IntConsumer raw = node.rawEventInserts();
                BenchNode.timed(threads, perRound / 5, raw);
                // the same POST sent as text/plain: refused with 415 before the body is read or any command is sent, so
                // it costs only the HTTP exchange and the problem answer — the most any POST can reach here. (A 400 would
                // measure less: Tomcat closes the connection after a 400, and the client has to open a new one.)
                String allocationPath = "/api/v1/subnets/sn-bench-refused-1/ips";
                String allocationBody = "{\"clusterId\":\"" + clusterIds.get(0) + "\",\"owner\":\"vm-refused\"}";
                IntConsumer refusedAllocation = i -> {
                    int status = node.post(allocationPath, "text/plain", allocationBody).statusCode();
                    if (status != 415) {
                        throw new IllegalStateException("a text/plain allocation answered " + status);
                    }
                };
                BenchNode.timed(threads, perRound / 5, refusedAllocation);

                System.out.printf("%nallocation rate, %d threads, %d allocations per round over %d clusters%n",
                        threads, perRound, clusterIds.size());
                System.out.printf("%-6s %15s %22s %16s %12s %14s %16s %13s%n", "round", "allocations/s", "full path events/s",
                        "raw JDBC rows/s", "alloc/raw", "alloc/events", "refused POST/s", "refused/raw");
                List<Double> toRaw = new ArrayList<>();
                List<Double> toEvents = new ArrayList<>();
                List<Double> ceiling = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double alloc = allocations(node, clusterIds, threads, perRound);
                    double events = perRound / BenchNode.timed(threads, perRound, i -> node.registerCluster());
                    double rawRate = perRound / BenchNode.timed(threads, perRound, raw);
                    double refused = perRound / BenchNode.timed(threads, perRound, refusedAllocation);
                    toRaw.add(alloc / rawRate);
                    toEvents.add(alloc / events);
                    ceiling.add(refused / rawRate);
                    System.out.printf("%-6d %15.0f %22.0f %16.0f %12.3f %14.3f %16.0f %13.3f%n", round, alloc, events, rawRate,
                            alloc / rawRate, alloc / events, refused, refused / rawRate);
                }
                toRaw.sort(Double::compare);
                toEvents.sort(Double::compare);
                System.out.printf("median ratio allocations / raw JDBC appends: %.3f%n", toRaw.get(toRaw.size() / 2));
                System.out.printf("median ratio allocations / full-path event appends: %.3f%n", toEvents.get(toEvents.size() / 2));
                ceiling.sort(Double::compare);
                System.out.printf("median ratio refused POSTs (the HTTP exchange only) / raw JDBC appends: %.3f%n",
                        ceiling.get(ceiling.size() / 2));
                System.out.printf("allocations answered 503 (a slice still being provisioned) and retried after 20 ms: %d%n", UNAVAILABLE.get());
            }
        }
    }

    /** A fresh VPC with one subnet, ready in Neutron, then {@code count} allocations; answers allocations per second. */
    private static double allocations(BenchNode node, List<String> clusterIds, int threads, int count) throws Exception {
        String vpc = json(node.post("/api/v1/vpcs", "{\"area\":\"bench\",\"tenant\":\"bench\",\"name\":\"alloc\"}")).get("id").asText();
        String subnet = json(node.post("/api/v1/vpcs/" + vpc + "/subnets", "{\"idc\":\"bench-alloc\"}")).get("id").asText();
        waitFor(() -> SubnetPools.allReady(json(node.get("/api/v1/subnets/" + subnet)), clusterIds.size()));
        return count / BenchNode.timed(threads, count, i -> {
            String body = "{\"clusterId\":\"" + clusterIds.get(i % clusterIds.size()) + "\",\"owner\":\"vm-" + i + "\"}";
            for (int attempt = 0; ; attempt++) {
                int status = node.post("/api/v1/subnets/" + subnet + "/ips", body).statusCode();
                if (status == 201) {
                    return;
                }
                UNAVAILABLE.incrementAndGet();
                if (status != 503 || attempt > 2000) {
                    throw new IllegalStateException("allocation answered " + status);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        });
    }

    private static JsonNode json(java.net.http.HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
