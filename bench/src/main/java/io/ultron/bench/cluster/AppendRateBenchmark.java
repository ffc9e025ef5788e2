package io.ultron.bench.cluster;

import io.ultron.app.UltronApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Events appended per second through the whole command path (HTTP POST → command gateway → Cluster
 * aggregate → set-based name claim → event in MySQL, one transaction per command) against raw JDBC
 * inserts of rows of the same shape (same table layout and indexes, a real event's payload and metadata),
 * at the same concurrency into the same database, one transaction per row. Rounds alternate A/B so
 * drift on a shared machine hits both sides; the ratio is printed per round and as the median.
 *
 * <p>Arguments: {@code [threads] [operations-per-round] [rounds]} (defaults 16, 1500, 3). Needs MariaDB/MySQL
 * and Redis on localhost ({@code ULTRON_BENCH_DB_URL}, {@code ULTRON_BENCH_REDIS_URL} override).
 */
public final class AppendRateBenchmark {

    private static final String SERVER_URL = env("ULTRON_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
    private static final String REDIS_URL = env("ULTRON_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    private static final AtomicInteger NAMES = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String database = "ultron_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(SERVER_URL, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        ConfigurableApplicationContext app = null;
        ExecutorService clientThreads = Executors.newFixedThreadPool(threads);
        try {
            app = new SpringApplicationBuilder(UltronApplication.class).run(
                    "--server.port=0", "--spring.datasource.url=" + SERVER_URL + database,
                    "--spring.data.redis.url=" + REDIS_URL, "--ultron.redis.key-prefix=ultron:bench:" + database + ":",
                    "--logging.level.root=WARN", "--spring.main.banner-mode=off");
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            var http = HttpClient.newBuilder().executor(clientThreads).build();

            run(threads, perRound / 5, i -> register(http, port)); // warm-up: JIT, pools, caches
            var sample = jdbc.queryForMap("SELECT payload, metaData, payloadType FROM DomainEventEntry LIMIT 1");
            jdbc.execute("CREATE TABLE raw_event LIKE DomainEventEntry");
            String rawUrl = SERVER_URL + database + "?connectionTimeZone=UTC";
            run(threads, perRound / 5, rawInserts(rawUrl, sample));

            System.out.printf("%nappend rate, %d threads, %d operations per round%n", threads, perRound);
            System.out.printf("%-6s %22s %22s %8s%n", "round", "full path events/s", "raw JDBC rows/s", "ratio");
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double full = perRound / seconds(() -> run(threads, perRound, i -> register(http, port)));
                double raw = perRound / seconds(() -> run(threads, perRound, rawInserts(rawUrl, sample)));
                ratios.add(full / raw);
                System.out.printf("%-6d %22.0f %22.0f %8.3f%n", round, full, raw, full / raw);
            }
            ratios.sort(Double::compare);
            System.out.printf("median ratio full path / raw JDBC: %.3f%n", ratios.get(ratios.size() / 2));
        } finally {
            clientThreads.shutdownNow();
            if (app != null) {
                app.close();
            }
            execute(SERVER_URL, "DROP DATABASE IF EXISTS " + database);
        }
    }

    /** Each registration in its own IDC: the per-IDC lock is a registration rule, not the append path measured here. */
    private static void register(HttpClient http, int port) {
        int n = NAMES.incrementAndGet();
        String body = """
                {"name":"bench-%d","area":"bench","idc":"bench-idc-%d","keystoneUrl":"https://keystone.bench-%d.example:5000/v3",
                 "credentialsRef":"clusters/bench-%d","release":"zed","capabilities":["CLOUD_DISK"],"maxConcurrentCalls":20}
                """.formatted(n, n, n, n);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/clusters"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201) {
                throw new IllegalStateException("registration answered " + status);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One connection per thread (as a pool would give), one autocommitted INSERT per row. */
    private static IntConsumer rawInserts(String url, java.util.Map<String, Object> sample) {
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                return DriverManager.getConnection(url, env("ULTRON_BENCH_DB_USER", "root"), env("ULTRON_BENCH_DB_PASSWORD", ""));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return i -> {
            try (var insert = connections.get().prepareStatement("""
                    INSERT INTO raw_event (aggregateIdentifier, sequenceNumber, type, eventIdentifier, metaData, payload,
                                           payloadRevision, payloadType, timeStamp) VALUES (?, 0, 'Cluster', ?, ?, ?, NULL, ?, ?)
                    """)) {
                insert.setString(1, "cl-" + UUID.randomUUID());
                insert.setString(2, UUID.randomUUID().toString());
                insert.setBytes(3, (byte[]) sample.get("metaData"));
                insert.setBytes(4, (byte[]) sample.get("payload"));
                insert.setString(5, (String) sample.get("payloadType"));
                insert.setString(6, Instant.now().toString());
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static void run(int threads, int operations, IntConsumer operation) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                        operation.accept(i);
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
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, env("ULTRON_BENCH_DB_USER", "root"), env("ULTRON_BENCH_DB_PASSWORD", ""));
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
