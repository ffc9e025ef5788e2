package io.ultron.bench.support;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One Ultron node for a benchmark, on a database of its own on the local MariaDB/MySQL (dropped on close), and
 * any peer nodes on the same database and Redis prefix ({@link #startPeer}), plus the side-by-side measurements
 * the scenarios share: timed parallel runs, REST calls and raw JDBC inserts of event-shaped rows.
 * {@code ULTRON_BENCH_DB_URL}, {@code _DB_USER}, {@code _DB_PASSWORD}, {@code _REDIS_URL} override.
 */
public final class BenchNode implements AutoCloseable {

    static final String SERVER_URL = env("ULTRON_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
    static final String USER = env("ULTRON_BENCH_DB_USER", "root");
    static final String PASSWORD = env("ULTRON_BENCH_DB_PASSWORD", "");
    static final String REDIS_URL = env("ULTRON_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String database;
    /** The first node of a database drops it on close; its peers leave it. */
    private final boolean ownsDatabase;
    private final ConfigurableApplicationContext app;
    private final int clientThreadCount;
    private final ExecutorService clientThreads;
    private final HttpClient http;
    private final int port;

    private BenchNode(String database, boolean ownsDatabase, ConfigurableApplicationContext app, int clientThreads) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.app = app;
        this.clientThreadCount = clientThreads;
        this.clientThreads = Executors.newFixedThreadPool(clientThreads);
        this.http = HttpClient.newBuilder().executor(this.clientThreads).build();
        this.port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** The nodes' admin API key (every benchmark calls as the admin; the cost of authentication is its own question). */
    public static final String ADMIN_KEY = "bench-admin-key-0123456789abcdef";
    /** Makes {@link #ADMIN_KEY} a node's bootstrap admin key. */
    public static final String ADMIN_KEY_SETTING = "--ultron.security.bootstrap-admin-key=" + ADMIN_KEY;

    public static BenchNode start(int clientThreads, String... extraArgs) throws SQLException {
        return start(clientThreads, List.of(), extraArgs);
    }

    /** A node with configuration classes of the benchmark's own besides the application's. */
    public static BenchNode start(int clientThreads, List<Class<?>> extraSources, String... extraArgs) throws SQLException {
        String database = "ultron_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        try {
            return new BenchNode(database, true, run(database, extraSources, extraArgs), clientThreads);
        } catch (RuntimeException e) {
            execute("DROP DATABASE IF EXISTS " + database);
            throw e;
        }
    }

    /**
     * Another Ultron node on this node's database and Redis prefix, as a second node of one deployment, with as many
     * client threads; {@code extraArgs} are its own settings (none are taken from this node: give it its roles,
     * credentials and its own {@code --ultron.node-id=}). Close peers before the node that started the database.
     */
    public BenchNode startPeer(String... extraArgs) {
        return new BenchNode(database, false, run(database, List.of(), extraArgs), clientThreadCount);
    }

    private static ConfigurableApplicationContext run(String database, List<Class<?>> extraSources, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + SERVER_URL + database,
                "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD,
                "--spring.data.redis.url=" + REDIS_URL, "--ultron.redis.key-prefix=ultron:bench:" + database + ":",
                "--logging.level.root=WARN", "--spring.main.banner-mode=off", ADMIN_KEY_SETTING));
        args.addAll(List.of(extraArgs));
        return new SpringApplicationBuilder(UltronApplication.class).sources(extraSources.toArray(Class<?>[]::new))
                .run(args.toArray(String[]::new));
    }

    /** The JDBC URL of the node's database, for nodes started in processes of their own ({@link BenchProcess}). */
    public String jdbcUrl() {
        return SERVER_URL + database;
    }

    /** The Redis URL and this deployment's key prefix, for the same. */
    public static String redisUrl() {
        return REDIS_URL;
    }

    public String redisPrefix() {
        return "ultron:bench:" + database + ":";
    }

    public JdbcTemplate jdbc() {
        return app.getBean(JdbcTemplate.class);
    }

    /** A bean of the running node, e.g. Axon's configuration. */
    public <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    /** POSTs JSON and answers status and body. */
    public HttpResponse<String> post(String path, String json) {
        return post(path, "application/json", json);
    }

    /** POSTs {@code body} as {@code contentType} and answers status and body. */
    public HttpResponse<String> post(String path, String contentType, String body) {
        return post(path, contentType, body, "Authorization", "Bearer " + ADMIN_KEY);
    }

    /** A POST with the given headers (name, value, ...) instead of the admin key. */
    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PATCHes JSON as the admin. */
    public HttpResponse<String> patch(String path, String json) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_KEY)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return get(path, "Authorization", "Bearer " + ADMIN_KEY);
    }

    /** A GET with the given headers (name, value, ...) instead of the admin key. */
    public HttpResponse<String> get(String path, String... headers) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).headers(headers).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Arguments that switch the conductor's capacity job off, for benchmarks that register thousands of clusters
     * with no OpenStack behind them: the job would try each one every 15 s and log a warning per cluster.
     */
    public static final String NO_CAPACITY_JOB = "--ultron.compute.capacity-refresh=1h";

    /** Sync off, for the same benchmarks: it would read each of those clusters every 30 s and find it DOWN. */
    public static final String NO_SYNC = "--ultron.sync.enabled=false";

    /**
     * Connection pool settings for benchmarks that run several nodes on the shared MariaDB (151 connections for
     * everyone): the production pool size, but connections opened only when needed and closed after 10 s idle, so
     * the nodes of a deployment that is not being measured hold few of them.
     */
    public static final List<String> FEW_IDLE_CONNECTIONS = List.of("--spring.datasource.hikari.minimum-idle=2",
            "--spring.datasource.hikari.idle-timeout=10000");

    /** The skeleton's full command path: one cluster registration (one event), each in an IDC of its own. */
    public void registerCluster() {
        int n = NAMES.incrementAndGet();
        String body = """
                {"name":"bench-%d","area":"bench","idc":"bench-idc-%d","keystoneUrl":"https://keystone.bench-%d.example:5000/v3",
                 "credentialsRef":"clusters/bench-%d","release":"zed","capabilities":["CLOUD_DISK"],"maxConcurrentCalls":20}
                """.formatted(n, n, n, n);
        int status = post("/api/v1/clusters", body).statusCode();
        if (status != 201) {
            throw new IllegalStateException("registration answered " + status);
        }
    }

    /** Inserts rows shaped like a real stored event into a copy of the event table, one autocommit each. */
    public IntConsumer rawEventInserts() {
        jdbc().execute("CREATE TABLE IF NOT EXISTS raw_event LIKE DomainEventEntry");
        Map<String, Object> sample = jdbc().queryForMap("SELECT payload, metaData, payloadType FROM DomainEventEntry LIMIT 1");
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                return DriverManager.getConnection(SERVER_URL + database + "?connectionTimeZone=UTC", USER, PASSWORD);
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

    /** Runs {@code operations} calls on {@code threads} threads and answers the seconds it took. */
    public static double timed(int threads, int operations, IntConsumer operation) {
        long start = System.nanoTime();
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
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() throws SQLException {
        clientThreads.shutdownNow();
        app.close();
        if (ownsDatabase) {
            execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
