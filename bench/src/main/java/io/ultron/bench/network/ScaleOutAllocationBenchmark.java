package io.ultron.bench.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;
import io.ultron.bench.support.LogLines;
import io.ultron.bench.support.SubnetPools;
import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * IP allocations per second on two Ultron nodes of one deployment against one node, measured side by side: three
 * deployments, each on a database and Redis prefix of its own and a simulator of its own, run in the same JVM —
 * one node with both roles; two nodes with both roles, client requests alternating between them; and the same two
 * nodes with {@code ultron.network.allocation-turns=false} (each node commits its batches for the VPC whenever they
 * are ready, instead of taking turns with the other node through Redis). Each round allocates in a fresh VPC of each deployment with
 * the same client threads and the same number of allocations; rounds alternate the order of the deployments so
 * that drift on a shared machine hits all three. On two nodes, commands for one VPC from both nodes race for the
 * VPC's next sequence number when they do not take turns: the loser is handled again by the node's command gateway, and what reaches the
 * client as 409 {@code concurrent-modification} or 503 is retried by the client after 20 ms and counted. From the
 * nodes' own debug lines (counted, not printed) the run also counts the allocation commands handled, the commands
 * handled again after a lost race, and the cached copies found stale (brought up to date or loaded again).
 *
 * <p>Arguments: {@code [threads] [allocations-per-round] [rounds]} (defaults 16, 600, 3).
 */
public final class ScaleOutAllocationBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) {
        BenchMain.run(args, ScaleOutAllocationBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (Deployment one = Deployment.start("one", "one node", threads, 1);
             Deployment two = Deployment.start("two", "two nodes", threads, 2);
             Deployment noTurns = Deployment.start("noturns", "two nodes, no turns", threads, 2,
                     "--ultron.network.allocation-turns=false")) {
            List<Deployment> all = List.of(one, two, noTurns);
            // allocation commands handled (each try), commands handled again after losing a race for their VPC, cached
            // VPCs found stale
            Counters counters = new Counters(
                    LogLines.countDebug("org.axonframework.commandhandling.SimpleCommandBus", "AllocateIpsCommand"),
                    LogLines.countDebug("io.ultron.app.axon.ConcurrentChangeRetryScheduler"),
                    LogLines.countDebug("io.ultron.command.store.StoreCheckedRepository"));
            for (Deployment deployment : all) {
                deployment.allocations(threads, perRound / 5, counters); // warm-up
                deployment.conflicts.set(0);
                deployment.unavailable.set(0);
                deployment.commands.set(0);
                deployment.lostRaces.set(0);
                deployment.staleCopies.set(0);
            }

            System.out.printf("%nallocation rate on one and on two nodes of one deployment, %d client threads, %d allocations "
                    + "per round over 2 clusters%n", threads, perRound);
            System.out.printf("%-6s %13s %14s %22s %10s %16s%n", "round", "one node/s", "two nodes/s", "two, no turns/s",
                    "two/one", "no turns/one");
            List<Double> twoToOne = new ArrayList<>();
            List<Double> noTurnsToOne = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double[] rate = new double[all.size()];
                for (int k = 0; k < all.size(); k++) {
                    int d = round % 2 == 1 ? k : all.size() - 1 - k;
                    rate[d] = all.get(d).allocations(threads, perRound, counters);
                }
                twoToOne.add(rate[1] / rate[0]);
                noTurnsToOne.add(rate[2] / rate[0]);
                System.out.printf("%-6d %13.0f %14.0f %22.0f %10.3f %16.3f%n", round, rate[0], rate[1], rate[2],
                        rate[1] / rate[0], rate[2] / rate[0]);
            }
            System.out.printf("median ratio two nodes / one node: %.3f%n", median(twoToOne));
            System.out.printf("median ratio two nodes without turns / one node: %.3f%n", median(noTurnsToOne));
            System.out.printf("over the %d measured rounds (%d allocations per deployment): allocation commands handled (each try), "
                    + "allocations per command,%ncommands handled again after losing a race for the VPC, cached copies found stale "
                    + "(brought up to date or loaded again), answers the client retried after 20 ms%n", rounds, rounds * perRound);
            System.out.printf("  %-30s %9s %10s %11s %13s %30s %6s%n", "", "commands", "alloc/cmd", "lost races", "stale copies",
                    "409 concurrent-modification", "503");
            for (Deployment deployment : all) {
                int sent = deployment.commands.get() - deployment.lostRaces.get();
                System.out.printf("  %-30s %9d %10.1f %11d %13d %30d %6d%n", deployment.description, deployment.commands.get(),
                        (double) rounds * perRound / Math.max(1, sent), deployment.lostRaces.get(),
                        deployment.staleCopies.get(), deployment.conflicts.get(), deployment.unavailable.get());
            }
        }
    }

    /** Lines of the nodes' logs counted for all deployments; read around one deployment's work. */
    private record Counters(LogLines commands, LogLines races, LogLines reloads) {
    }

    /** One deployment: its simulator, its nodes on one database, and the clusters registered in it. */
    private static final class Deployment implements AutoCloseable {

        final String description;
        final OpenStackSimulator sim;
        final List<BenchNode> nodes = new ArrayList<>();
        final List<String> clusterIds = new ArrayList<>();
        final AtomicInteger conflicts = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger commands = new AtomicInteger();
        final AtomicInteger lostRaces = new AtomicInteger();
        final AtomicInteger staleCopies = new AtomicInteger();

        private Deployment(String description, OpenStackSimulator sim) {
            this.description = description;
            this.sim = sim;
        }

        static Deployment start(String name, String description, int threads, int nodeCount, String... settings) throws Exception {
            Deployment deployment = new Deployment(description,
                    OpenStackSimulator.start(SimulatorConfig.builder().clusters(2).seed(3).build()));
            try {
                List<String> args = new ArrayList<>(credentials(deployment.sim));
                args.add(BenchNode.NO_CAPACITY_JOB);
                args.add(BenchNode.NO_SYNC);
                args.addAll(BenchNode.FEW_IDLE_CONNECTIONS);
                args.addAll(List.of(settings));
                for (int n = 1; n <= nodeCount; n++) {
                    List<String> own = new ArrayList<>(args);
                    own.add("--ultron.node-id=" + name + "-" + n);
                    String[] nodeArgs = own.toArray(String[]::new);
                    deployment.nodes.add(n == 1 ? BenchNode.start(threads, nodeArgs) : deployment.nodes.get(0).startPeer(nodeArgs));
                }
                BenchNode first = deployment.nodes.get(0);
                for (String cluster : deployment.sim.clusterNames()) {
                    var created = first.post("/api/v1/clusters", """
                            {"name":"%s","area":"bench","idc":"bench-alloc","keystoneUrl":"%s","credentialsRef":"sim/%s",
                             "release":"zed","capabilities":["CLOUD_DISK"],"maxConcurrentCalls":20}
                            """.formatted(cluster, deployment.sim.keystoneUrl(cluster), cluster));
                    deployment.clusterIds.add(json(created).get("id").asText());
                }
                BenchNode last = deployment.nodes.get(nodeCount - 1);
                waitFor(() -> json(last.get("/api/v1/clusters?idc=bench-alloc")).size() == deployment.clusterIds.size());
                return deployment;
            } catch (Exception | Error e) {
                deployment.close();
                throw e;
            }
        }

        /**
         * A fresh VPC with one subnet, ready in Neutron, then {@code count} allocations, request {@code i} to node
         * {@code i % nodes}; answers allocations per second, and adds what {@code counters} counted meanwhile to this
         * deployment's figures.
         */
        double allocations(int threads, int count, Counters counters) {
            BenchNode first = nodes.get(0);
            String vpc = json(first.post("/api/v1/vpcs", "{\"area\":\"bench\",\"tenant\":\"bench\",\"name\":\"alloc\"}")).get("id").asText();
            String subnet = json(first.post("/api/v1/vpcs/" + vpc + "/subnets", "{\"idc\":\"bench-alloc\"}")).get("id").asText();
            waitFor(() -> SubnetPools.allReady(json(first.get("/api/v1/subnets/" + subnet)), 2));
            int commandsBefore = counters.commands().get();
            int racesBefore = counters.races().get();
            int reloadsBefore = counters.reloads().get();
            double seconds = BenchNode.timed(threads, count, i -> {
                BenchNode node = nodes.get(i % nodes.size());
                // the cluster changes with every turn of the nodes, so that each node allocates in both clusters
                String cluster = clusterIds.get(i / nodes.size() % clusterIds.size());
                String body = "{\"clusterId\":\"" + cluster + "\",\"owner\":\"vm-" + i + "\"}";
                for (int attempt = 0; ; attempt++) {
                    HttpResponse<String> answer = node.post("/api/v1/subnets/" + subnet + "/ips", body);
                    if (answer.statusCode() == 201) {
                        return;
                    }
                    if (answer.statusCode() == 409 && answer.body().contains("\"concurrent-modification\"")) {
                        conflicts.incrementAndGet();
                    } else if (answer.statusCode() == 503) {
                        unavailable.incrementAndGet();
                    } else {
                        throw new IllegalStateException("allocation answered " + answer.statusCode() + ": " + answer.body());
                    }
                    if (attempt > 2000) {
                        throw new IllegalStateException("allocation still refused after 2000 tries: " + answer.body());
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            });
            commands.addAndGet(counters.commands().get() - commandsBefore);
            lostRaces.addAndGet(counters.races().get() - racesBefore);
            staleCopies.addAndGet(counters.reloads().get() - reloadsBefore);
            return count / seconds;
        }

        @Override
        public void close() throws Exception {
            // peers first: the first node drops the database
            for (int n = nodes.size() - 1; n >= 0; n--) {
                nodes.get(n).close();
            }
            sim.close();
        }
    }


    static List<String> credentials(OpenStackSimulator sim) {
        List<String> args = new ArrayList<>();
        for (String cluster : sim.clusterNames()) {
            Credentials c = sim.credentials(cluster);
            String prefix = "--ultron.openstack.credentials[sim/" + cluster + "].";
            args.addAll(List.of(prefix + "username=" + c.username(), prefix + "password=" + c.password(),
                    prefix + "project-name=" + c.projectName()));
        }
        return args;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
