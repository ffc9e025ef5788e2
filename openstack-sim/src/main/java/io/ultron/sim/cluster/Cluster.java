package io.ultron.sim.cluster;

import io.ultron.sim.ClusterSettings;
import io.ultron.sim.Credentials;
import io.ultron.sim.compute.ComputeStore;
import io.ultron.sim.identity.TokenStore;
import io.ultron.sim.image.ImageCatalog;
import io.ultron.sim.network.NetworkStore;
import io.ultron.sim.volume.VolumeStore;
import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated OpenStack deployment: its own Keystone, token space, catalog, region and
 * resources. Every read and change of its resources runs under {@link #lock()}, one cluster at
 * a time, so Nova, Neutron and Cinder always see each other consistently; slow parts (latency,
 * boots) happen outside the lock on timers.
 */
public final class Cluster {

    public static final String DOMAIN_ID = "default";
    public static final String DOMAIN_NAME = "Default";

    private final String name;
    private final String baseUrl;
    private final String projectId;
    private final String userId;
    private final String password;
    private final AtomicReference<ClusterSettings> settings;
    private final SplittableRandom random;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Object lock = new Object();
    private final FaultInjector faults = new FaultInjector();
    private final RateLimiter rateLimiter = new RateLimiter();
    private final TokenStore tokens = new TokenStore();
    private final ImageCatalog images;
    private final NetworkStore network;
    private final ComputeStore compute;
    private final VolumeStore volumes;

    public Cluster(String name, String baseUrl, ClusterSettings settings, long seed,
                   ScheduledExecutorService scheduler, Clock clock) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.settings = new AtomicReference<>(settings);
        this.random = new SplittableRandom(seed ^ name.hashCode());
        this.scheduler = scheduler;
        this.clock = clock;
        this.projectId = newId().replace("-", "");
        this.userId = newId().replace("-", "");
        this.password = "secret-" + name;
        this.images = new ImageCatalog(this);
        this.network = new NetworkStore(this);
        this.volumes = new VolumeStore(this);
        this.compute = new ComputeStore(this);
    }

    public String name() {
        return name;
    }

    /** {@code http://host:port/<cluster>}; each service lives below it. */
    public String baseUrl() {
        return baseUrl;
    }

    public String keystoneUrl() {
        return baseUrl + "/identity/v3";
    }

    public String projectId() {
        return projectId;
    }

    public String projectName() {
        return "ultron";
    }

    public String userId() {
        return userId;
    }

    public String username() {
        return "ultron";
    }

    public String password() {
        return password;
    }

    public Credentials credentials() {
        return new Credentials(keystoneUrl(), settings().region(), username(), password, DOMAIN_NAME,
                projectName(), projectId, DOMAIN_NAME);
    }

    public ClusterSettings settings() {
        return settings.get();
    }

    public void settings(ClusterSettings value) {
        settings.set(value);
    }

    public Object lock() {
        return lock;
    }

    public Instant now() {
        return clock.instant();
    }

    public long nowMillis() {
        return clock.millis();
    }

    public FaultInjector faults() {
        return faults;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public ImageCatalog images() {
        return images;
    }

    public NetworkStore network() {
        return network;
    }

    public ComputeStore compute() {
        return compute;
    }

    public VolumeStore volumes() {
        return volumes;
    }

    /** Runs {@code task} under the cluster lock after {@code millis}; timers never hold a thread while waiting. */
    public void later(long millis, Runnable task) {
        scheduler.schedule(() -> {
            synchronized (lock) {
                task.run();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** A random UUID drawn from the cluster's seeded generator, so ids repeat from run to run. */
    public String newId() {
        long high;
        long low;
        synchronized (random) {
            high = random.nextLong();
            low = random.nextLong();
        }
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    /** Uniform in [min, max]. */
    public long between(long min, long max) {
        if (max <= min) {
            return min;
        }
        synchronized (random) {
            return random.nextLong(min, max + 1);
        }
    }

    public int nextInt(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }
}
