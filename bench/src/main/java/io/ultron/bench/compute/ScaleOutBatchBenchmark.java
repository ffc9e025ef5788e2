package io.ultron.bench.compute;

import io.ultron.bench.support.SubnetPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;
import io.ultron.bench.support.LogLines;
import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A batch of servers on split roles — one api node receiving the POST, one conductor node running the sagas, on one
 * database and Redis — against one node with both roles, side by side in one run: two deployments in the same JVM,
 * each with a database and a simulator of its own (five clusters, the same fixed boot time, answers after 5–20 ms).
 * Each round times, on each deployment, the POST {@code /api/v1/batches} until the batch's view, read on the node
 * that took the POST, answers completed with every server ACTIVE; rounds alternate which deployment goes first.
 *
 * <p>The one hop that crosses nodes in the split deployment is the first: the api node stores the batch and its
 * servers (placed, {@code ServerScheduledEvent}), and the conductor's provisioning saga takes it from there. From the
 * event store, the run prints for each batch the time from the batch's events to its servers' first address
 * ({@code IpAllocatedEvent}, the network step's first effect, stored by the node running the sagas), to
 * {@code ServerBuildingEvent} and to {@code ServerActiveEvent}. It also counts the saga work packages Axon aborted
 * during each batch (their warnings are printed as well).
 *
 * <p>Arguments: {@code [servers] [rounds] [boot-seconds]} (defaults 100, 2, 20).
 */
public final class ScaleOutBatchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = UUID.nameUUIDFromBytes("cirros-0.6.2-x86_64".getBytes(StandardCharsets.UTF_8)).toString();
    private static final String IDC = "bench-idc";

    public static void main(String[] args) {
        BenchMain.run(args, ScaleOutBatchBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Duration boot = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 20);
        int warmUp = Math.max(1, servers / 10);
        try (Deployment one = Deployment.start("one", boot, warmUp, "api,conductor");
             Deployment split = Deployment.start("split", boot, warmUp, "api", "conductor")) {
            List<Deployment> all = List.of(one, split);
            for (Deployment deployment : all) {
                deployment.awaitCompleted(deployment.warmUp, warmUp);
            }

            // work packages of any event processor aborted on an error (in the runs so far: the provisioning saga's)
            LogLines aborts = LogLines.count("org.axonframework.eventhandling.pooled.WorkPackage");
            System.out.printf("%n%d servers in one batch, 5 clusters, boot time %d s (the floor); aborted: saga work packages "
                    + "aborted during the batch%n", servers, boot.toSeconds());
            System.out.printf("%-6s %12s %8s %20s %8s %10s%n", "round", "one node s", "aborted", "api + conductor s", "aborted",
                    "split/one");
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double[] seconds = new double[all.size()];
                int[] aborted = new int[all.size()];
                for (int k = 0; k < all.size(); k++) {
                    int d = round % 2 == 1 ? k : all.size() - 1 - k;
                    int abortsBefore = aborts.get();
                    seconds[d] = all.get(d).batch(servers, "r" + round);
                    aborted[d] = aborts.get() - abortsBefore;
                }
                ratios.add(seconds[1] / seconds[0]);
                System.out.printf("%-6d %12.1f %8d %20.1f %8d %10.3f%n", round, seconds[0], aborted[0], seconds[1], aborted[1],
                        seconds[1] / seconds[0]);
            }
            List<Double> sorted = new ArrayList<>(ratios);
            sorted.sort(Double::compare);
            System.out.printf("median ratio split / one node: %.3f%n", sorted.get(sorted.size() / 2));

            System.out.printf("%nseconds from the batch's events (stored by the node that took the POST) to each server's first%n"
                    + "address (stored by the node running the sagas: the one hop across nodes), then to its later steps%n");
            System.out.printf("%-16s %6s %15s %15s %15s %15s%n", "", "round", "address first", "address median",
                    "building median", "active med/max");
            for (Deployment deployment : all) {
                for (int round = 1; round <= deployment.measured.size(); round++) {
                    String batch = deployment.measured.get(round - 1);
                    List<Long> addresses = deployment.toAddresses(batch);
                    List<Long> building = deployment.toServerEvents(batch, "ServerBuildingEvent");
                    List<Long> active = deployment.toServerEvents(batch, "ServerActiveEvent");
                    System.out.printf("%-16s %6d %15.2f %15.2f %15.2f %9.2f/%.2f%n", deployment.name, round,
                            addresses.get(0) / 1e3, median(addresses) / 1e3, median(building) / 1e3, median(active) / 1e3,
                            active.get(active.size() - 1) / 1e3);
                }
            }
        }
    }

    /** A batch's first event: where it is in the store, when it was stored, and the batch's servers. */
    private record Requested(long globalIndex, Instant stored, Set<String> servers) {

        long millisTo(String timeStamp) {
            return Duration.between(stored, Instant.parse(timeStamp)).toMillis();
        }
    }

    /** One deployment: its simulator, its nodes on one database, a VPC and a subnet ready for servers. */
    private static final class Deployment implements AutoCloseable {

        final String name;
        final OpenStackSimulator sim;
        final List<BenchNode> nodes = new ArrayList<>();
        final List<String> measured = new ArrayList<>();
        String vpc;
        String warmUp;

        private Deployment(String name, OpenStackSimulator sim) {
            this.name = name;
            this.sim = sim;
        }

        /** One node per entry of {@code roles}; the first receives every request. Starts a warm-up batch. */
        static Deployment start(String name, Duration boot, int warmUp, String... roles) throws Exception {
            Deployment deployment = new Deployment(roles.length == 1 ? "one node" : String.join(" + ", roles),
                    OpenStackSimulator.start(SimulatorConfig.builder().clusters(5)
                            .defaults(s -> s.latency(Duration.ofMillis(5), Duration.ofMillis(20)).bootTime(boot, boot))
                            .seed(11).build()));
            try {
                for (int n = 0; n < roles.length; n++) {
                    List<String> args = new ArrayList<>(credentials(deployment.sim));
                    args.addAll(BenchNode.FEW_IDLE_CONNECTIONS);
                    args.add("--ultron.roles=" + roles[n]);
                    args.add("--ultron.node-id=" + name + "-" + roles[n].replace(',', '-'));
                    String[] nodeArgs = args.toArray(String[]::new);
                    deployment.nodes.add(n == 0 ? BenchNode.start(8, nodeArgs) : deployment.nodes.get(0).startPeer(nodeArgs));
                }
                deployment.prepare(warmUp);
                return deployment;
            } catch (Exception | Error e) {
                deployment.close();
                throw e;
            }
        }

        BenchNode entry() {
            return nodes.get(0);
        }

        /**
         * Registers the clusters, a VPC and a subnet in their IDC, and waits until placement knows their capacity: until
         * it accepts the warm-up batch.
         */
        private void prepare(int warmUpServers) {
            for (String cluster : sim.clusterNames()) {
                String body = """
                        {"name":"%s","area":"bench","idc":"%s","keystoneUrl":"%s","credentialsRef":"sim/%s",
                         "release":"zed","capabilities":["CLOUD_DISK","LOCAL_DISK"],"maxConcurrentCalls":50}
                        """.formatted(cluster, IDC, sim.keystoneUrl(cluster), cluster);
                require(entry().post("/api/v1/clusters", body).statusCode() == 201, "cluster registered");
            }
            waitFor(() -> json(entry().get("/api/v1/clusters?idc=" + IDC)).size() == 5, Duration.ofSeconds(30));
            vpc = json(entry().post("/api/v1/vpcs", "{\"area\":\"bench\",\"tenant\":\"bench\",\"name\":\"batch\"}")).get("id").asText();
            String subnet = json(entry().post("/api/v1/vpcs/" + vpc + "/subnets", "{\"idc\":\"" + IDC + "\"}")).get("id").asText();
            waitFor(() -> SubnetPools.allReady(json(entry().get("/api/v1/subnets/" + subnet)), 5), Duration.ofSeconds(60));
            // placement answers 503 until the conductor has read the clusters' capacity
            waitFor(() -> {
                var created = entry().post("/api/v1/batches", batchBody(warmUpServers, "warm"));
                if (created.statusCode() == 202) {
                    warmUp = json(created).get("batchId").asText();
                }
                return warmUp != null;
            }, Duration.ofSeconds(30));
        }

        /** POSTs a batch and answers its id. */
        String post(int servers, String prefix) {
            HttpResponse<String> created = entry().post("/api/v1/batches", batchBody(servers, prefix));
            require(created.statusCode() == 202, "batch accepted: " + created.statusCode() + " " + created.body());
            return json(created).get("batchId").asText();
        }

        void awaitCompleted(String batch, int servers) {
            waitFor(() -> {
                JsonNode view = json(entry().get("/api/v1/batches/" + batch));
                if (view.path("completed").asBoolean()) {
                    require(view.get("active").asInt() == servers, "every server of " + batch + " ACTIVE: " + view);
                    return true;
                }
                return false;
            }, Duration.ofMinutes(10));
        }

        /** Seconds from the POST until the batch's view answers completed with every server ACTIVE. */
        double batch(int servers, String prefix) {
            long started = System.nanoTime();
            String batch = post(servers, prefix);
            awaitCompleted(batch, servers);
            double seconds = (System.nanoTime() - started) / 1e9;
            measured.add(batch);
            return seconds;
        }

        /** Milliseconds from the batch's events to each of its servers' first address, in order. */
        List<Long> toAddresses(String batch) {
            Requested requested = requested(batch);
            Map<String, Long> first = new HashMap<>();
            entry().jdbc().query("""
                    SELECT timeStamp, payload FROM DomainEventEntry
                    WHERE globalIndex > ? AND payloadType LIKE '%.IpAllocatedEvent' ORDER BY globalIndex""", row -> {
                String owner = readTree(row.getBytes("payload")).path("owner").asText();
                if (requested.servers().contains(owner)) {
                    first.putIfAbsent(owner, requested.millisTo(row.getString("timeStamp")));
                }
            }, requested.globalIndex());
            require(first.size() == requested.servers().size(), "an address for every server of " + batch + ": " + first.size());
            return sorted(first);
        }

        /** Milliseconds from the batch's events to each of its servers' first event of {@code type}, in order. */
        List<Long> toServerEvents(String batch, String type) {
            Requested requested = requested(batch);
            Map<String, Long> first = new HashMap<>();
            entry().jdbc().query("""
                    SELECT aggregateIdentifier, timeStamp FROM DomainEventEntry
                    WHERE globalIndex > ? AND payloadType LIKE ? ORDER BY globalIndex""", row -> {
                String server = row.getString("aggregateIdentifier");
                if (requested.servers().contains(server)) {
                    first.putIfAbsent(server, requested.millisTo(row.getString("timeStamp")));
                }
            }, requested.globalIndex(), "%." + type);
            require(first.size() == requested.servers().size(), type + " for every server of " + batch + ": " + first.size());
            return sorted(first);
        }

        private Requested requested(String batch) {
            Map<String, Object> row = entry().jdbc().queryForMap("""
                    SELECT globalIndex, timeStamp, payload FROM DomainEventEntry
                    WHERE aggregateIdentifier = ? AND payloadType LIKE '%.BatchRequestedEvent'""", batch);
            Set<String> servers = new HashSet<>();
            readTree((byte[]) row.get("payload")).get("serverIds").forEach(id -> servers.add(id.asText()));
            return new Requested(((Number) row.get("globalIndex")).longValue(), Instant.parse((String) row.get("timeStamp")), servers);
        }

        private static List<Long> sorted(Map<String, Long> millis) {
            List<Long> values = new ArrayList<>(millis.values());
            values.sort(Long::compare);
            return values;
        }

        private String batchBody(int count, String prefix) {
            return """
                    {"tenant":"bench","namePrefix":"%s","count":%d,"vpcId":"%s","idc":"%s","flavor":"m1.tiny",
                     "image":"%s","bootDisk":"LOCAL","diskGb":1,"preemptible":true}
                    """.formatted(prefix, count, vpc, IDC, IMAGE);
        }

        @Override
        public void close() throws Exception {
            // the conductor first, then the node that drops the database
            for (int n = nodes.size() - 1; n >= 0; n--) {
                nodes.get(n).close();
            }
            sim.close();
        }
    }

    private static List<String> credentials(OpenStackSimulator sim) {
        List<String> args = new ArrayList<>(List.of("--ultron.compute.capacity-refresh=1s"));
        for (String cluster : sim.clusterNames()) {
            Credentials c = sim.credentials(cluster);
            String prefix = "--ultron.openstack.credentials[sim/" + cluster + "].";
            args.add(prefix + "username=" + c.username());
            args.add(prefix + "password=" + c.password());
            args.add(prefix + "project-name=" + c.projectName());
            args.add(prefix + "user-domain=" + c.userDomain());
            args.add(prefix + "project-domain=" + c.projectDomain());
        }
        return args;
    }

    private static double median(List<Long> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    private static void waitFor(BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + atMost);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static JsonNode readTree(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
