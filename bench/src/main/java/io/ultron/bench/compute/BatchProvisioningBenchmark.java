package io.ultron.bench.compute;

import io.ultron.bench.support.SubnetPools;
import io.ultron.bench.support.BenchMain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.bench.support.BenchNode;
import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Subnet;
import org.openstack4j.openstack.OSFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Batches of servers through Ultron against five simulated clusters with a fixed boot time, side by side with a
 * plain parallel OpenStack4j loop (port with a fixed IP, boot on it, poll until ACTIVE) against the same simulator.
 * Prints wall times until every server is ACTIVE and their ratios to the boot-time floor and to the plain loop.
 */
public final class BatchProvisioningBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = UUID.nameUUIDFromBytes("cirros-0.6.2-x86_64".getBytes(StandardCharsets.UTF_8)).toString();
    private static final Duration POLL = Duration.ofMillis(500);

    public static void main(String[] args) {
        BenchMain.run(args, BatchProvisioningBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Duration boot = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 20);
        try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(5)
                .defaults(s -> s.latency(Duration.ofMillis(5), Duration.ofMillis(20)).bootTime(boot, boot))
                .seed(11).build())) {
            double plain = plainLoop(sim, small);
            List<String> settings = new ArrayList<>(List.of(credentials(sim)));
            settings.addAll(List.of(args).subList(Math.min(3, args.length), args.length));
            try (BenchNode node = BenchNode.start(8, settings.toArray(String[]::new))) {
                String[] target = prepare(node, sim);
                double ultronSmall = batch(node, target, small);
                double ultronLarge = large > 0 ? batch(node, target, large) : Double.NaN;
                printPhases(node);
                double floor = boot.toMillis() / 1000.0;
                System.out.printf("%nservers in one batch, 5 clusters, boot time %.0f s (the floor)%n", floor);
                System.out.printf("%-40s %10s %12s %12s%n", "run", "wall s", "÷ floor", "÷ plain");
                System.out.printf("%-40s %10.1f %12.2f %12s%n", "plain OpenStack4j loop, " + small + " servers", plain, plain / floor, "1.00");
                System.out.printf("%-40s %10.1f %12.2f %12.2f%n", "Ultron batch, " + small + " servers", ultronSmall,
                        ultronSmall / floor, ultronSmall / plain);
                if (large > 0) {
                    System.out.printf("%-40s %10.1f %12.2f %12s%n", "Ultron batch, " + large + " servers", ultronLarge,
                            ultronLarge / floor, "-");
                }
            }
        }
    }

    /** The wall time of a plain client: every server's port and boot in parallel, then polling until all are ACTIVE. */
    private static double plainLoop(OpenStackSimulator sim, int servers) throws Exception {
        List<String> clusters = sim.clusterNames();
        Map<String, Token> tokens = new LinkedHashMap<>();
        Map<String, String[]> networks = new LinkedHashMap<>();
        for (String cluster : clusters) {
            OSClientV3 os = authenticate(sim, cluster);
            Network network = os.networking().network().create(Builders.network().name("plain").build());
            Subnet subnet = os.networking().subnet().create(Builders.subnet().name("plain").networkId(network.getId())
                    .ipVersion(IPVersionType.V4).cidr("10.0.0.0/16").gateway("10.0.0.1")
                    .addPool("10.0.0.2", "10.0.255.254").build());
            tokens.put(cluster, os.getToken());
            networks.put(cluster, new String[]{network.getId(), subnet.getId()});
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(servers, 100));
        long started = System.nanoTime();
        List<Future<String[]>> booted = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            String cluster = clusters.get(i % clusters.size());
            String address = "10.0." + (i / 250) + "." + (2 + i % 250);
            booted.add(pool.submit(() -> {
                OSClientV3 os = session(sim, tokens.get(cluster), cluster);
                String[] network = networks.get(cluster);
                Port port = os.networking().port().create(Builders.port().networkId(network[0])
                        .name("plain-" + address).fixedIp(address, network[1]).build());
                Server server = os.compute().servers().boot(Builders.server().name("plain-" + address).flavor("1")
                        .image(IMAGE).addNetworkPort(port.getId()).build());
                while (true) {
                    LockSupport.parkNanos(POLL.toNanos());
                    if (os.compute().servers().get(server.getId()).getStatus() == Server.Status.ACTIVE) {
                        return new String[]{cluster, server.getId()};
                    }
                }
            }));
        }
        for (Future<String[]> server : booted) {
            server.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        return seconds;
    }

    /** Registers the clusters, a VPC and a subnet in their IDC, and waits until placement knows their capacity. */
    private static String[] prepare(BenchNode node, OpenStackSimulator sim) throws Exception {
        String idc = "bench-idc";
        for (String cluster : sim.clusterNames()) {
            String body = """
                    {"name":"%s","area":"bench","idc":"%s","keystoneUrl":"%s","credentialsRef":"sim/%s",
                     "release":"zed","capabilities":["CLOUD_DISK","LOCAL_DISK"],"maxConcurrentCalls":50}
                    """.formatted(cluster, idc, sim.keystoneUrl(cluster), cluster);
            require(node.post("/api/v1/clusters", body).statusCode() == 201, "cluster registered");
        }
        waitFor(() -> json(node.get("/api/v1/clusters?idc=" + idc).body()).size() == 5, Duration.ofSeconds(30));
        String vpc = json(node.post("/api/v1/vpcs", "{\"area\":\"bench\",\"tenant\":\"bench\",\"name\":\"batch\"}").body())
                .get("id").asText();
        String subnet = json(node.post("/api/v1/vpcs/" + vpc + "/subnets", "{\"idc\":\"" + idc + "\"}").body()).get("id").asText();
        waitFor(() -> SubnetPools.allReady(json(node.get("/api/v1/subnets/" + subnet).body()), 5), Duration.ofSeconds(60));
        waitFor(() -> node.post("/api/v1/batches", batchBody(vpc, idc, 1, "warm")).statusCode() == 202, Duration.ofSeconds(30));
        return new String[]{vpc, idc};
    }

    /** Seconds from the POST until the batch has completed; fails the run unless every server is ACTIVE. */
    private static double batch(BenchNode node, String[] target, int servers) {
        long started = System.nanoTime();
        var created = node.post("/api/v1/batches", batchBody(target[0], target[1], servers, "b" + servers));
        require(created.statusCode() == 202, "batch accepted: " + created.body());
        String batchId = json(created.body()).get("batchId").asText();
        waitFor(() -> node.jdbc().queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ? "
                + "AND payloadType LIKE '%BatchCompletedEvent'", Integer.class, batchId) == 1, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - started) / 1e9;
        int failed = node.jdbc().queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ? "
                + "AND payloadType LIKE '%BatchServerSettledEvent' AND payload LIKE '%\"active\":false%'", Integer.class, batchId);
        require(failed == 0, failed + " servers of the batch FAILED");
        return seconds;
    }

    /** Where the time of each batch went: median and slowest server per step, from the events' timestamps. */
    private static void printPhases(BenchNode node) {
        var rows = node.jdbc().queryForList("""
                SELECT b.aggregateIdentifier batch, s.payloadType type, s.timeStamp at, b.timeStamp started
                FROM DomainEventEntry b JOIN DomainEventEntry s ON s.timeStamp >= b.timeStamp
                WHERE b.payloadType LIKE '%BatchRequestedEvent'
                  AND s.payloadType REGEXP 'Server(NetworkReady|Building|Active)Event$'
                  AND LOCATE(s.aggregateIdentifier, CAST(b.payload AS CHAR)) > 0
                """);
        Map<String, Map<String, List<Double>>> byBatch = new LinkedHashMap<>();
        for (var row : rows) {
            double seconds = Duration.between(java.time.Instant.parse((String) row.get("started")),
                    java.time.Instant.parse((String) row.get("at"))).toMillis() / 1000.0;
            String type = ((String) row.get("type")).replaceAll(".*\\.Server|Event$", "");
            byBatch.computeIfAbsent((String) row.get("batch"), b -> new LinkedHashMap<>())
                    .computeIfAbsent(type, t -> new ArrayList<>()).add(seconds);
        }
        byBatch.forEach((batch, phases) -> {
            System.out.printf("%n%s: seconds after the batch was stored%n", batch);
            phases.forEach((phase, times) -> {
                times.sort(Double::compare);
                System.out.printf("  %-14s median %6.2f  max %6.2f  (%d servers)%n", phase, times.get(times.size() / 2),
                        times.get(times.size() - 1), times.size());
            });
        });
    }

    private static String batchBody(String vpc, String idc, int count, String prefix) {
        return """
                {"tenant":"bench","namePrefix":"%s","count":%d,"vpcId":"%s","idc":"%s","flavor":"m1.tiny",
                 "image":"%s","bootDisk":"LOCAL","diskGb":1,"preemptible":true}
                """.formatted(prefix, count, vpc, idc, IMAGE);
    }

    private static String[] credentials(OpenStackSimulator sim) {
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
        return args.toArray(String[]::new);
    }

    private static OSClientV3 authenticate(OpenStackSimulator sim, String cluster) {
        Credentials c = sim.credentials(cluster);
        OSClientV3 os = OSFactory.builderV3().endpoint(c.keystoneUrl())
                .credentials(c.username(), c.password(), Identifier.byName(c.userDomain()))
                .scopeToProject(Identifier.byName(c.projectName()), Identifier.byName(c.projectDomain()))
                .authenticate();
        os.useRegion(c.region());
        return os;
    }

    /** OpenStack4j keeps its session per thread: each task builds its own client from the token. */
    private static OSClientV3 session(OpenStackSimulator sim, Token token, String cluster) {
        OSClientV3 os = OSFactory.clientFromToken(token);
        os.useRegion(sim.credentials(cluster).region());
        return os;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + atMost);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
