package io.ultron.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How to start a simulator: where it listens, its seed, and its clusters.
 *
 * <pre>{@code
 * SimulatorConfig config = SimulatorConfig.builder()
 *         .clusters(5)                                        // cluster-1 .. cluster-5
 *         .defaults(s -> s.bootTime(Duration.ofSeconds(1), Duration.ofSeconds(2)))
 *         .cluster("cluster-3", s -> s.hosts(2))              // override one cluster
 *         .seed(42)
 *         .build();
 * }</pre>
 *
 * @param bindAddress    interface to listen on
 * @param advertisedHost host name put into catalog URLs (what clients can reach)
 * @param port           0 picks a free port
 * @param seed           seed of every random choice, so runs repeat
 * @param threads        HTTP worker threads
 * @param requestLogSize how many requests the request log keeps
 * @param clusters       cluster name to its settings, in start order
 */
public record SimulatorConfig(
        String bindAddress,
        String advertisedHost,
        int port,
        long seed,
        int threads,
        int requestLogSize,
        Map<String, ClusterSettings> clusters) {

    public SimulatorConfig {
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("at least one cluster");
        }
        for (String name : clusters.keySet()) {
            if (!name.matches("[a-z0-9][a-z0-9-]*") || name.equals("admin")) {
                throw new IllegalArgumentException("cluster names are lowercase letters, digits and '-': " + name);
            }
        }
        clusters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a config; clusters are named by the caller or "cluster-N". */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private String advertisedHost;
        private int port;
        private long seed = 42;
        private int threads = 64;
        private int requestLogSize = 100_000;
        private final List<String> names = new ArrayList<>();
        private final Map<String, UnaryOperator<ClusterSettings.Builder>> overrides = new LinkedHashMap<>();
        private UnaryOperator<ClusterSettings.Builder> defaults = UnaryOperator.identity();

        /** Adds clusters "cluster-1" .. "cluster-{count}". */
        public Builder clusters(int count) {
            for (int i = 1; i <= count; i++) {
                cluster("cluster-" + i);
            }
            return this;
        }

        public Builder cluster(String name) {
            return cluster(name, UnaryOperator.identity());
        }

        /** Adds (or re-configures) one cluster; its region defaults to its name. */
        public Builder cluster(String name, UnaryOperator<ClusterSettings.Builder> override) {
            if (!names.contains(name)) {
                names.add(name);
            }
            overrides.put(name, override);
            return this;
        }

        /** Applied to every cluster before its own override. */
        public Builder defaults(UnaryOperator<ClusterSettings.Builder> value) {
            defaults = value;
            return this;
        }

        /** Shortcut for the most common default: the BUILD to ACTIVE time of every cluster. */
        public Builder bootTime(Duration min, Duration max) {
            UnaryOperator<ClusterSettings.Builder> before = defaults;
            defaults = b -> before.apply(b).bootTime(min, max);
            return this;
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        public Builder advertisedHost(String value) {
            advertisedHost = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder requestLogSize(int value) {
            requestLogSize = value;
            return this;
        }

        public SimulatorConfig build() {
            Map<String, ClusterSettings> clusters = new LinkedHashMap<>();
            for (String name : names) {
                ClusterSettings.Builder settings = defaults.apply(ClusterSettings.defaults(name));
                clusters.put(name, overrides.get(name).apply(settings).build());
            }
            String host = advertisedHost != null ? advertisedHost
                    : "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
            return new SimulatorConfig(bindAddress, host, port, seed, threads, requestLogSize, clusters);
        }
    }
}
