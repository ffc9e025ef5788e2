package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;
import io.ultron.sim.admin.RequestRecord;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Test fixture: the OpenStack simulator on a free port, the local Redis under a key prefix of its own, and
 * adapters wired to both exactly as the Spring configuration wires them.
 */
public final class SimulatedOpenStack implements AutoCloseable {

    public final OpenStackSimulator sim;
    final String redisPrefix = "ultron:test:" + UUID.randomUUID() + ":";
    private final LettuceConnectionFactory redisConnections;
    final StringRedisTemplate redis;
    private final List<AutoCloseable> adapters = new ArrayList<>();

    private SimulatedOpenStack(OpenStackSimulator sim) {
        this.sim = sim;
        this.redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        this.redisConnections.afterPropertiesSet();
        this.redis = new StringRedisTemplate(redisConnections);
    }

    /** The local Redis, for components that keep shared state there. */
    public StringRedisTemplate redis() {
        return redis;
    }

    /** The key prefix of this fixture in Redis. */
    public String redisPrefix() {
        return redisPrefix;
    }

    static SimulatedOpenStack start(int clusters) {
        return start(SimulatorConfig.builder().clusters(clusters).build());
    }

    public static SimulatedOpenStack start(SimulatorConfig config) {
        return new SimulatedOpenStack(OpenStackSimulator.start(config));
    }

    /** Short waits, few attempts and a small breaker window, so failure tests run in a second or two. */
    public static OpenStackProperties fastProperties() {
        return new OpenStackProperties(null, Duration.ofSeconds(2), Duration.ofSeconds(5), null, 0, 0,
                Duration.ofSeconds(30), Duration.ofSeconds(20), null,
                new OpenStackProperties.RetrySettings(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(200)),
                new OpenStackProperties.BreakerSettings(50f, 3, 3, Duration.ofMinutes(1)), Duration.ofSeconds(20));
    }

    /** A registered cluster for which no credentials are configured. */
    static final String UNCONFIGURED = "cluster-unconfigured";

    static ClusterId clusterId(String name) {
        return ClusterId.of(name);
    }

    static String credentialsRef(String cluster) {
        return "clusters/" + cluster;
    }

    ClusterEndpoint endpoint(String cluster, int maxConcurrentCalls) {
        return new ClusterEndpoint(clusterId(cluster), cluster, sim.keystoneUrl(cluster), credentialsRef(cluster),
                maxConcurrentCalls);
    }

    /** Credentials of every simulated cluster, as {@code ultron.openstack.credentials[clusters/<name>]} would give them. */
    Map<String, ClusterCredentials> credentials() {
        Map<String, ClusterCredentials> all = new HashMap<>();
        for (String cluster : sim.clusterNames()) {
            Credentials c = sim.credentials(cluster);
            all.put(credentialsRef(cluster), new ClusterCredentials(c.username(), c.password(), c.projectName(),
                    c.userDomain(), c.projectDomain()));
        }
        return all;
    }

    /** One node's adapter: its own executors, tokens and breakers; the call cap in Redis is shared by all. */
    public Node node(OpenStackProperties properties, int maxConcurrentCalls) {
        InMemoryClusterDirectory directory = new InMemoryClusterDirectory();
        sim.clusterNames().forEach(cluster -> directory.register(endpoint(cluster, maxConcurrentCalls)));
        directory.register(new ClusterEndpoint(clusterId(UNCONFIGURED), UNCONFIGURED, "https://keystone.unconfigured.example:5000/v3",
                credentialsRef(UNCONFIGURED), maxConcurrentCalls));
        Map<String, ClusterCredentials> credentials = credentials();
        KeystoneTokens tokens = new KeystoneTokens(credentials::get, OpenStackConfiguration.httpConfig(properties),
                properties.tokenRefreshMargin(), java.time.Clock.systemUTC());
        RedisCallCap cap = new RedisCallCap(redis, redisPrefix, properties.leaseTtl());
        ClusterPacing pacing = new ClusterPacing(redis, redisPrefix);
        ClusterExecutors executors = new ClusterExecutors(properties.maxThreadsPerCluster(), properties.queuePerCluster());
        OpenStackCallRunner runner = new OpenStackCallRunner(directory, tokens, cap, pacing, executors,
                new ClusterResilience(properties.retry(), properties.breaker(), properties.queuePerCluster()),
                OpenStackConfiguration.httpConfig(properties), properties.leaseWait(), properties.rateLimitMaxWait(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        adapters.add(runner);
        adapters.add(executors);
        return new Node(new OpenStack4jNetworks(runner), new OpenStack4jCompute(runner), runner, cap, pacing);
    }

    List<RequestRecord> requests(String cluster) {
        return sim.admin().requests(null, cluster, Integer.MAX_VALUE);
    }

    List<RequestRecord> serviceRequests(String cluster) {
        return requests(cluster).stream().filter(r -> !r.service().equals("identity")).toList();
    }

    long keystoneLogins(String cluster) {
        return requests(cluster).stream()
                .filter(r -> r.service().equals("identity") && r.method().equals("POST") && r.status() == 201)
                .count();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable adapter : adapters) {
            adapter.close();
        }
        Set<String> keys = redis.keys(redisPrefix + "*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
        redisConnections.destroy();
        sim.close();
    }

    public record Node(OpenStack4jNetworks networks, OpenStack4jCompute compute, OpenStackCallRunner runner, RedisCallCap cap,
                       ClusterPacing pacing) {
    }
}
