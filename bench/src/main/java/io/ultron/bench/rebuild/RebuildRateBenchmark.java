package io.ultron.bench.rebuild;

import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;
import io.ultron.bench.support.BenchProcess;
import io.ultron.bench.support.Paced;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterCapabilitiesUpdatedEvent;
import io.ultron.api.cluster.ClusterDrainedEvent;
import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.app.UltronApplication;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rebuild rate of the cluster-view projection over a large event store, against a plain sequential
 * read of the same event table in the same run, and the p99 latency of online commands (HTTP PATCH /
 * drain / enable of clusters) with and without a rebuild running.
 *
 * <p>The events are real: serialized by the application's own event serializer, with the metadata
 * a request leaves (trace id, actor, correlation id), written with multi-row JDBC inserts into a fresh
 * database. Synthetic clusters get a registration followed by capability updates, drains and enables,
 * interleaved across clusters as traffic would interleave them. The live processors' tokens are then moved to
 * the head and a split deployment starts on that database: an api node taking the online commands and a conductor
 * node keeping the views and running the rebuild, so the rebuild is the only thing reading the history. Each
 * node runs in a JVM of its own, as deployed, apart from the benchmark's clients.
 *
 * <p>Online commands are measured twice per phase: paced at a steady rate well below what the node can take
 * (latency counted from each command's scheduled send time, so a stall is not hidden by the client waiting), and
 * closed-loop from a few client threads that keep the node saturated, where any rebuild takes CPU from them.
 *
 * <p>Arguments: {@code [events] [commands-per-phase] [client-threads] [paced-commands-per-second] [rounds]
 * [--setting=value …]} (defaults 1,000,000, 2,000, 4, 100, 3), then any settings passed to both nodes (for instance
 * {@code --ultron.rebuild.segments=4}) to compare rebuild settings. The commands of a phase are spread over the
 * rounds; each round measures a quiet window, then starts a rebuild and measures while it runs. A first round like
 * the others, not counted, warms up the node.
 */
public final class RebuildRateBenchmark {

    private static final String SERVER_URL = env("ULTRON_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
    private static final String REDIS_URL = env("ULTRON_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS_PER_CLUSTER = 20;
    private static final int ROWS_PER_INSERT = 1000;
    private static final int REAL_CLUSTERS = 64;

    public static void main(String[] args) {
        BenchMain.run(args, RebuildRateBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int commandsPerPhase = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int pacedRate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int rounds = args.length > 4 && !args[4].startsWith("--") ? Integer.parseInt(args[4]) : 3;
        // anything after the numbers is a setting of the node, e.g. --ultron.rebuild.segments=4
        List<String> settings = Arrays.stream(args).skip(4).filter(arg -> arg.startsWith("--")).toList();
        String database = "ultron_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(SERVER_URL, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        String url = SERVER_URL + database + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&rewriteBatchedStatements=true";
        ConfigurableApplicationContext app = null;
        BenchProcess api = null;
        BenchProcess conductor = null;
        ExecutorService clientThreads = Executors.newFixedThreadPool(threads);
        try {
            app = startNode(database, settings, "api,conductor");
            var http = HttpClient.newBuilder().executor(clientThreads).build();
            List<String> clusters = new ArrayList<>();
            for (int i = 0; i < REAL_CLUSTERS; i++) {
                clusters.add(registerCluster(http, baseUrl(app), i));
            }
            Configuration axon = app.getBean(Configuration.class);
            long generateStart = System.nanoTime();
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
            processing.eventProcessors().values().forEach(EventProcessor::shutDown);
            long stored = generate(url, axon.eventSerializer(), events);
            System.out.printf("%nstored %,d synthetic events in %.1f s%n", stored, (System.nanoTime() - generateStart) / 1e9);
            moveLiveTokensToHead(processing, axon, app.getBean(TokenStore.class));
            // a node that starts on the stored history, as after a deployment: the node that stored it would first
            // read the whole history into its event store's cache for the live processors (Axon's EmbeddedEventStore
            // goes on from the last event it cached before they stopped), competing with the rebuild
            // and deployed split, as the README recommends: online commands reach an api node, the rebuild runs on a
            // conductor (which also keeps the live views)
            // each in a JVM of its own, as deployed: in one JVM every collection the rebuild causes stalls the api
            // node's requests too, and both share the benchmark clients' JIT and heap
            app.close();
            app = null;
            api = BenchProcess.start("ultron-bench-api.log", "1g", SERVER_URL + database, REDIS_URL, nodeArguments(database, settings, "api"));
            conductor = BenchProcess.start("ultron-bench-conductor.log", "1g", SERVER_URL + database, REDIS_URL, nodeArguments(database, settings, "conductor"));
            String base = "http://127.0.0.1:" + api.port() + "/api/v1";
            long total = count(url);

            double plainRead = plainSequentialRead(url);
            JsonNode rebuilt = rebuild(http, base);
            double rebuildRate = rebuilt.get("processed").asLong()
                    / seconds(rebuilt.get("startedAt").asText(), rebuilt.get("finishedAt").asText());

            for (int i = 0; i < commandsPerPhase / 5; i++) { // warm-up
                command(http, base, clusters);
            }
            Runnable command = () -> command(http, base, clusters);
            // rounds alternate quiet and rebuilding windows, so that the machine's drift hits both alike
            List<Long> idlePaced = new ArrayList<>();
            List<Long> idle = new ArrayList<>();
            List<Long> duringPaced = new ArrayList<>();
            List<Long> during = new ArrayList<>();
            List<String> roundLines = new ArrayList<>();
            int perRound = Math.max(1, commandsPerPhase / rounds);
            // round 0 is not counted: the JIT compiles the commands' and the paced rebuild's code there, not in a measured window
            for (int round = 0; round <= rounds; round++) {
                List<Long> quietPacedRound = Paced.requests(perRound, pacedRate, command);
                List<Long> quietRound = commands(threads, perRound, command);
                request(http, HttpRequest.newBuilder(URI.create(base + "/admin/projections/cluster-view/rebuild"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
                long processedBefore = awaitState(http, base, "RUNNING").get("processed").asLong();
                long loadStart = System.nanoTime();
                List<Long> duringPacedRound = Paced.requests(perRound, pacedRate, command);
                List<Long> duringRound = commands(threads, perRound, command);
                JsonNode after = status(http, base);
                // progress is stored about once a second: a rate over the loaded window, not exact
                double loadedRate = (after.get("processed").asLong() - processedBefore) / ((System.nanoTime() - loadStart) / 1e9);
                boolean stillRunning = after.get("state").asText().equals("RUNNING");
                awaitState(http, base, "DONE");
                if (round == 0) {
                    continue;
                }
                roundLines.add(String.format("%-6d %16.2f %16.2f %20s %18.0f", round,
                        (double) p99(duringPacedRound) / p99(quietPacedRound), (double) p99(duringRound) / p99(quietRound),
                        stillRunning ? "yes" : "NO", loadedRate));
                idlePaced.addAll(quietPacedRound);
                idle.addAll(quietRound);
                duringPaced.addAll(duringPacedRound);
                during.addAll(duringRound);
            }

            System.out.printf("%nrebuild of cluster-view over %,d stored events (%s)%n", total,
                    settings.isEmpty() ? "the application's rebuild settings" : String.join(" ", settings));
            System.out.printf("%-50s %14.0f events/s%n", "plain sequential read of DomainEventEntry", plainRead);
            System.out.printf("%-50s %14.0f events/s%n", "rebuild (read, upcast, deserialize, apply)", rebuildRate);
            System.out.printf("%-50s %14.2f%n", "ratio rebuild / plain read", rebuildRate / plainRead);
            System.out.printf("%nonline commands, %d rounds of %d paced and %d closed-loop commands without, then during, a rebuild%n",
                    rounds, perRound, perRound);
            System.out.printf("%-6s %16s %16s %20s %18s%n", "round", "paced p99 ratio", "closed p99 ratio", "rebuild ran throughout",
                    "rebuild events/s");
            roundLines.forEach(System.out::println);
            System.out.printf("all rounds, paced at %d/s:%n", pacedRate);
            latencies(idlePaced, duringPaced);
            System.out.printf("all rounds, closed-loop from %d client threads (node saturated):%n", threads);
            latencies(idle, during);
            awaitState(http, base, "DONE");
        } finally {
            clientThreads.shutdownNow();
            if (app != null) {
                app.close();
            }
            if (api != null) {
                api.close();
            }
            if (conductor != null) {
                conductor.close();
            }
            execute(SERVER_URL, "DROP DATABASE IF EXISTS " + database);
        }
    }

    private static ConfigurableApplicationContext startNode(String database, List<String> settings, String roles) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
        arguments.addAll(nodeArguments(database, settings, roles));
        return new SpringApplicationBuilder(UltronApplication.class).run(arguments.toArray(String[]::new));
    }

    private static List<String> nodeArguments(String database, List<String> settings, String roles) {
        List<String> arguments = new ArrayList<>(List.of(
                "--ultron.roles=" + roles, "--spring.datasource.url=" + SERVER_URL + database,
                "--spring.data.redis.url=" + REDIS_URL, "--ultron.redis.key-prefix=ultron:bench:" + database + ":",
                "--ultron.rebuild.poll-interval=200ms",
                // the synthetic clusters have no OpenStack behind them: once the rebuilt view lists them, the
                // capacity job would try each of the 50,000 every 15 s and log a warning per cluster
                "--ultron.compute.capacity-refresh=1h", BenchNode.NO_SYNC,
                "--logging.level.root=WARN", "--spring.main.banner-mode=off", BenchNode.ADMIN_KEY_SETTING));
        arguments.addAll(settings);
        return arguments;
    }

    private static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/api/v1";
    }

    private static String registerCluster(HttpClient http, String base, int i) {
        String body = """
                {"name":"real-%d","area":"bench","idc":"bench-idc-%d","keystoneUrl":"https://keystone.real-%d.example:5000/v3",
                 "credentialsRef":"clusters/real-%d","release":"zed","capabilities":["CLOUD_DISK"],"maxConcurrentCalls":20}
                """.formatted(i, i, i, i);
        var response = request(http, HttpRequest.newBuilder(URI.create(base + "/clusters"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        return json(response.body()).get("id").asText();
    }

    /** Real serialized events, interleaved across clusters, in multi-row inserts. */
    private static long generate(String url, Serializer serializer, int events) throws SQLException {
        int clusterCount = Math.max(1, events / EVENTS_PER_CLUSTER);
        List<ClusterId> ids = new ArrayList<>();
        for (int c = 0; c < clusterCount; c++) {
            ids.add(new ClusterId("cl-syn-" + c));
        }
        StringBuilder sql = new StringBuilder("""
                INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, metaData, payload,
                                              payloadRevision, payloadType, timeStamp) VALUES
                """);
        for (int i = 0; i < ROWS_PER_INSERT; i++) {
            sql.append(i == 0 ? "" : ",").append("(?, ?, 'Cluster', ?, ?, ?, ?, ?, ?)");
        }
        long stored = 0;
        try (Connection connection = DriverManager.getConnection(url, user(), password());
             PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            connection.setAutoCommit(false);
            int row = 0;
            Instant time = Instant.now().minusSeconds(86_400);
            for (int sequence = 0; sequence < EVENTS_PER_CLUSTER && stored < events; sequence++) {
                for (int c = 0; c < clusterCount && stored < events; c++) {
                    Object event = event(ids.get(c), c, sequence);
                    var payload = serializer.serialize(event, byte[].class);
                    var meta = serializer.serialize(MetaData.from(Map.of("traceId", "syn-" + c + "-" + sequence,
                            "actor", "bench", "correlationId", UUID.randomUUID().toString())), byte[].class);
                    int p = row * 8;
                    insert.setString(p + 1, ids.get(c).value());
                    insert.setLong(p + 2, sequence);
                    insert.setString(p + 3, UUID.randomUUID().toString());
                    insert.setBytes(p + 4, meta.getData());
                    insert.setBytes(p + 5, payload.getData());
                    insert.setString(p + 6, payload.getType().getRevision());
                    insert.setString(p + 7, payload.getType().getName());
                    insert.setString(p + 8, time.plusMillis(stored).toString());
                    stored++;
                    if (++row == ROWS_PER_INSERT) {
                        insert.executeUpdate();
                        connection.commit();
                        row = 0;
                    }
                }
            }
            if (row > 0) {
                // the statement has room for a full batch; finish the tail row by row
                connection.rollback();
                stored -= row;
                throw new IllegalStateException("use an event count that is a multiple of " + ROWS_PER_INSERT
                        + " (" + stored + " stored)");
            }
        }
        return stored;
    }

    private static Object event(ClusterId id, int c, int sequence) {
        if (sequence == 0) {
            return new ClusterRegisteredEvent(id, "syn-" + c, "bench", "syn-idc-" + (c / 8), "https://keystone.syn-" + c + ".example:5000/v3",
                    "clusters/syn-" + c, "zed", EnumSet.of(Capability.CLOUD_DISK), 20);
        }
        return switch ((sequence + c) % 3) {
            case 1 -> new ClusterDrainedEvent(id, "maintenance window " + sequence, false);
            case 2 -> new ClusterEnabledEvent(id);
            default -> new ClusterCapabilitiesUpdatedEvent(id, sequence % 2 == 0
                    ? Set.of(Capability.CLOUD_DISK, Capability.LOCAL_DISK) : Set.of(Capability.BARE_METAL));
        };
    }

    /**
     * The live processors (stopped while the history was stored) skip it: the rebuild is what reads it. Their
     * tokens are moved in the token store, because saga processors refuse {@code resetTokens}; the next node to
     * start takes them from there.
     */
    private static void moveLiveTokensToHead(EventProcessingConfiguration processing, Configuration axon, TokenStore tokens) {
        TrackingToken head = axon.eventStore().createHeadToken();
        TransactionManager transactions = axon.getComponent(TransactionManager.class);
        processing.eventProcessors().values().forEach(processor -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                transactions.executeInTransaction(() -> {
                    for (int segment : tokens.fetchSegments(streaming.getName())) {
                        tokens.fetchToken(streaming.getName(), segment);
                        tokens.storeToken(head, streaming.getName(), segment);
                        tokens.releaseClaim(streaming.getName(), segment);
                    }
                });
            }
        });
    }

    private static double plainSequentialRead(String url) throws SQLException {
        long start = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        try (Connection connection = DriverManager.getConnection(url, user(), password());
             Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = statement.executeQuery("SELECT globalIndex, aggregateIdentifier, sequenceNumber, eventIdentifier, "
                    + "timeStamp, payloadType, payloadRevision, payload, metaData FROM DomainEventEntry ORDER BY globalIndex")) {
                while (rs.next()) {
                    rows++;
                    bytes += rs.getBytes("payload").length + rs.getBytes("metaData").length + rs.getString("aggregateIdentifier").length();
                }
            }
        }
        if (bytes == 0) {
            throw new IllegalStateException("nothing read");
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static JsonNode rebuild(HttpClient http, String base) {
        var started = request(http, HttpRequest.newBuilder(URI.create(base + "/admin/projections/cluster-view/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("rebuild request answered " + started.statusCode() + ": " + started.body());
        }
        JsonNode last = awaitState(http, base, "DONE");
        System.out.printf("rebuild progress at the end: %s%n", last);
        return last;
    }

    private static JsonNode awaitState(HttpClient http, String base, String state) {
        while (true) {
            JsonNode status = status(http, base);
            String now = status.get("state").asText();
            if (now.equals(state) || (state.equals("RUNNING") && now.equals("DONE"))) {
                return status;
            }
            if (now.equals("FAILED")) {
                throw new IllegalStateException("rebuild failed: " + status);
            }
            try {
                Thread.sleep(50); // polling a benchmark's own progress endpoint, not a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static JsonNode status(HttpClient http, String base) {
        return json(request(http, HttpRequest.newBuilder(URI.create(base + "/admin/projections/cluster-view/rebuild")).GET().build()).body());
    }

    private static void command(HttpClient http, String base, List<String> clusters) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id = clusters.get(random.nextInt(clusters.size()));
        HttpRequest request = switch (random.nextInt(3)) {
            case 0 -> HttpRequest.newBuilder(URI.create(base + "/clusters/" + id)).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(random.nextBoolean()
                            ? "{\"capabilities\":[\"CLOUD_DISK\"]}" : "{\"capabilities\":[\"LOCAL_DISK\",\"BARE_METAL\"]}")).build();
            case 1 -> HttpRequest.newBuilder(URI.create(base + "/clusters/" + id + "/drain")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"bench\"}")).build();
            default -> HttpRequest.newBuilder(URI.create(base + "/clusters/" + id + "/enable")).POST(HttpRequest.BodyPublishers.noBody()).build();
        };
        int status = request(http, request).statusCode();
        if (status != 204 && status != 409) {
            throw new IllegalStateException("command answered " + status);
        }
    }

    private static void latencies(List<Long> without, List<Long> during) {
        System.out.printf("  %-48s %14.1f ms%n", "command p99 without rebuild", p99(without) / 1e6);
        System.out.printf("  %-48s %14.1f ms%n", "command p99 during rebuild", p99(during) / 1e6);
        System.out.printf("  %-48s %14.2f%n", "ratio p99 during / without", (double) p99(during) / p99(without));
        System.out.printf("  %-48s %14.1f ms / %.1f ms%n", "command p50 without / during", p50(without) / 1e6, p50(during) / 1e6);
        System.out.printf("  %-48s %14.1f ms / %.1f ms%n", "slowest command without / during",
                Collections.max(without) / 1e6, Collections.max(during) / 1e6);
    }

    /** Latency of each command, in nanoseconds. */
    private static List<Long> commands(int threads, int count, Runnable command) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try {
            var next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < count) {
                        long start = System.nanoTime();
                        command.run();
                        latencies.add(System.nanoTime() - start);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    private static long p99(List<Long> latencies) {
        return Paced.percentile(latencies, 0.99);
    }

    private static long p50(List<Long> latencies) {
        return Paced.percentile(latencies, 0.50);
    }

    private static HttpResponse<String> request(HttpClient http, HttpRequest request) {
        try {
            HttpRequest authorized = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Authorization", "Bearer " + BenchNode.ADMIN_KEY).build();
            return http.send(authorized, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static double seconds(String from, String to) {
        return (Instant.parse(to).toEpochMilli() - Instant.parse(from).toEpochMilli()) / 1000.0;
    }

    private static long count(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user(), password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM DomainEventEntry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user(), password());
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String user() {
        return env("ULTRON_BENCH_DB_USER", "root");
    }

    private static String password() {
        return env("ULTRON_BENCH_DB_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
