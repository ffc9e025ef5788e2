package io.ultron.bench.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;
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
 * event store, the run prints the time from the batch's events to its first server's address ({@code IpAllocatedEvent},
 * the network step's first effect, stored by the node running the sagas), for both deployments.
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

            System.out.printf("%n%d servers in one batch, 5 clusters, boot time %d s (the floor)%n", servers, boot.toSeconds());
            System.out.printf("%-6s %16s %22s %14s%n", "round", "one node s", "api + conductor s", "split/one");
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double[] seconds = new double[all.size()];
                for (int k = 0; k < all.size(); k++) {
                    int d = round % 2 == 1 ? k : all.size() - 1 - k;
                    seconds[d] = all.get(d).batch(servers, "r" + round);
                }
                ratios.add(seconds[1] / seconds[0]);
                System.out.printf("%-6d %16.1f %22.1f %14.3f%n", round, seconds[0], seconds[1], seconds[1] / seconds[0]);
            }
            List<Double> sorted = new ArrayList<>(ratios);
            sorted.sort(Double::compare);
            System.out.printf("median ratio split / one node: %.3f%n", sorted.get(sorted.size() / 2));

            System.out.printf("%nfrom the batch's events (stored by the node that took the POST) to its servers' addresses%n");
            System.out.printf("(stored by the node running the sagas), ms, per measured batch%n");
            for (Deployment deployment : all) {
                List<String> firsts = new ArrayList<>();
                List<String> medians = new ArrayList<>();
                for (String batch : deployment.measured) {
                    List<Long> millis = deployment.toAddresses(batch);
                    firsts.add(String.valueOf(millis.get(0)));
                    medians.add(String.valueOf(millis.get(millis.size() / 2)));
                }
                System.out.printf("  %-18s first address: %-20s median address: %s%n", deployment.name,
                        String.join(", ", firsts), String.join(", ", medians));
            }
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
            waitFor(() -> {
                JsonNode view = json(entry().get("/api/v1/subnets/" + subnet));
                if (!view.has("pools") || view.get("pools").size() != 5) {
                    return false;
                }
                for (JsonNode pool : view.get("pools")) {
                    if (!pool.get("provisioningStatus").asText().equals("READY")) {
                        return false;
                    }
                }
                return true;
            }, Duration.ofSeconds(60));
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
            Map<String, Object> requested = entry().jdbc().queryForMap("""
                    SELECT globalIndex, timeStamp, payload FROM DomainEventEntry
                    WHERE aggregateIdentifier = ? AND payloadType LIKE '%BatchRequestedEvent'""", batch);
            Instant stored = Instant.parse((String) requested.get("timeStamp"));
            Set<String> servers = new HashSet<>();
            readTree((byte[]) requested.get("payload")).get("serverIds").forEach(id -> servers.add(id.asText()));
            Map<String, Long> first = new HashMap<>();
            entry().jdbc().query("""
                    SELECT timeStamp, payload FROM DomainEventEntry
                    WHERE globalIndex > ? AND payloadType LIKE '%IpAllocatedEvent' ORDER BY globalIndex""", row -> {
                String owner = readTree(row.getBytes("payload")).path("owner").asText();
                if (servers.contains(owner)) {
                    first.putIfAbsent(owner, Duration.between(stored, Instant.parse(row.getString("timeStamp"))).toMillis());
                }
            }, requested.get("globalIndex"));
            require(first.size() == servers.size(), "an address for every server of " + batch + ": " + first.size());
            List<Long> millis = new ArrayList<>(first.values());
            millis.sort(Long::compare);
            return millis;
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
