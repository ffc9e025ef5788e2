package io.ultron.sim;

import com.sun.net.httpserver.HttpServer;
import io.ultron.sim.admin.AdminApi;
import io.ultron.sim.admin.RequestLog;
import io.ultron.sim.admin.SimulatorAdmin;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.compute.NovaApi;
import io.ultron.sim.http.ServiceApi;
import io.ultron.sim.identity.KeystoneApi;
import io.ultron.sim.image.GlanceApi;
import io.ultron.sim.network.NeutronApi;
import io.ultron.sim.volume.CinderApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated OpenStack clusters on one HTTP port. Each cluster lives under its own path prefix
 * ({@code http://host:port/<cluster>/identity/v3}, {@code /compute/v2.1}, {@code /network},
 * {@code /volume/v3/<project>}, {@code /image}) with its own Keystone, tokens, region and resources.
 *
 * <pre>{@code
 * try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder().clusters(5).build())) {
 *     Credentials c = sim.credentials("cluster-1");
 *     OSClientV3 os = OSFactory.builderV3().endpoint(c.keystoneUrl())
 *             .credentials(c.username(), c.password(), Identifier.byName(c.userDomain()))
 *             .scopeToProject(Identifier.byName(c.projectName()), Identifier.byName(c.projectDomain()))
 *             .authenticate();
 * }
 * }</pre>
 */
public final class OpenStackSimulator implements AutoCloseable {

    static {
        // Small JSON answers on keep-alive connections otherwise wait for Nagle's algorithm.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, Cluster> clusters;
    private final SimulatorAdmin admin;
    private final String baseUrl;

    private OpenStackSimulator(HttpServer server, ThreadPoolExecutor workers, ScheduledThreadPoolExecutor scheduler,
                               Map<String, Cluster> clusters, SimulatorAdmin admin, String baseUrl) {
        this.server = server;
        this.workers = workers;
        this.scheduler = scheduler;
        this.clusters = clusters;
        this.admin = admin;
        this.baseUrl = baseUrl;
    }

    /** Starts the clusters and the HTTP server; returns once it accepts connections. */
    public static OpenStackSimulator start(SimulatorConfig config) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port(), e);
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("sim-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        // Bounded: beyond the queue the accepting thread serves the call itself, which slows
        // clients down instead of dropping them.
        ThreadPoolExecutor workers = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), daemonThreads("sim-http"), new ThreadPoolExecutor.CallerRunsPolicy());
        String baseUrl = "http://" + config.advertisedHost() + ":" + server.getAddress().getPort();
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        config.clusters().forEach((name, settings) ->
                clusters.put(name, new Cluster(name, baseUrl + "/" + name, settings, config.seed(), scheduler,
                        Clock.systemUTC())));
        RequestLog requestLog = new RequestLog(config.requestLogSize());
        SimulatorAdmin admin = new SimulatorAdmin(clusters, requestLog);
        Map<String, ServiceApi> services = Map.of(
                "identity", new KeystoneApi(),
                "compute", new NovaApi(),
                "network", new NeutronApi(),
                "volume", new CinderApi(),
                "image", new GlanceApi());
        server.createContext("/", new Dispatcher(clusters, services, new AdminApi(admin), requestLog, scheduler, workers));
        server.setExecutor(workers);
        server.start();
        return new OpenStackSimulator(server, workers, scheduler, clusters, admin, baseUrl);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}, the root of every cluster and of {@code /admin}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The Keystone v3 endpoint of a cluster, as {@code OSFactory.builderV3().endpoint(...)} takes it. */
    public String keystoneUrl(String cluster) {
        return require(cluster).keystoneUrl();
    }

    public Credentials credentials(String cluster) {
        return require(cluster).credentials();
    }

    public List<String> clusterNames() {
        return List.copyOf(clusters.keySet());
    }

    public SimulatorAdmin admin() {
        return admin;
    }

    private Cluster require(String name) {
        Cluster cluster = clusters.get(name);
        if (cluster == null) {
            throw new NoSuchElementException("no cluster named " + name);
        }
        return cluster;
    }

    /** Stops listening, drops held answers and pending boots. */
    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        workers.shutdownNow();
    }
}
