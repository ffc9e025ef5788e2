package io.ultron.sim;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator:
 * {@code java -jar openstack-sim.jar --clusters 5 --port 5000 --boot-time 20s-40s --seed 42}.
 */
public final class Main {

    private static final String USAGE = """
            usage: java -jar openstack-sim.jar [options]
              --clusters N           clusters cluster-1..cluster-N (default 3)
              --port P               port to listen on, 0 for any free one (default 5000)
              --bind ADDRESS         interface to listen on (default 127.0.0.1; 0.0.0.0 in containers)
              --advertised-host H    host name put into catalog URLs (default: the bind address)
              --boot-time T[-T]      BUILD to ACTIVE time, e.g. 20s or 20s-40s (default 20s-40s)
              --latency T[-T]        added delay of every answer, e.g. 20ms-80ms (default 0)
              --hosts N              compute hosts per cluster (default 20)
              --seed S               seed of every random choice (default 42)
              --threads N            HTTP worker threads (default 64)
            """;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        OpenStackSimulator simulator = OpenStackSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("OpenStack simulator listening on " + simulator.baseUrl() + " (admin: "
                + simulator.baseUrl() + "/admin/clusters)");
        for (String name : simulator.clusterNames()) {
            Credentials c = simulator.credentials(name);
            System.out.printf("  %-12s keystone %s  region %s  user %s / %s  project %s (%s)%n", name,
                    c.keystoneUrl(), c.region(), c.username(), c.password(), c.projectName(), c.projectId());
        }
        stopped.await();
    }

    static SimulatorConfig parse(String[] args) {
        SimulatorConfig.Builder builder = SimulatorConfig.builder().port(5000);
        int clusters = 3;
        long[] bootTime = {20_000, 40_000};
        long[] latency = {0, 0};
        Integer hosts = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException("OpenStack simulator");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--clusters" -> clusters = Integer.parseInt(value);
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--bind" -> builder.bindAddress(value);
                case "--advertised-host" -> builder.advertisedHost(value);
                case "--boot-time" -> bootTime = range(value);
                case "--latency" -> latency = range(value);
                case "--hosts" -> hosts = Integer.parseInt(value);
                case "--seed" -> builder.seed(Long.parseLong(value));
                case "--threads" -> builder.threads(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        long[] boot = bootTime;
        long[] lag = latency;
        Integer hostCount = hosts;
        builder.defaults(settings -> {
            settings.bootTime(boot[0], boot[1]).latency(lag[0], lag[1]);
            return hostCount == null ? settings : settings.hosts(hostCount);
        });
        return builder.clusters(clusters).build();
    }

    /** "20s" or "20s-40s" to {min, max} in milliseconds. */
    static long[] range(String text) {
        String[] parts = text.split("-", 2);
        long min = millis(parts[0]);
        long max = parts.length == 2 ? millis(parts[1]) : min;
        return new long[] {min, max};
    }

    /** "250ms", "20s", "2m", or a bare number of milliseconds. */
    static long millis(String text) {
        String value = text.trim();
        if (value.endsWith("ms")) {
            return Long.parseLong(value.substring(0, value.length() - 2));
        }
        if (value.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1))).toMillis();
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1))).toMillis();
        }
        return Long.parseLong(value);
    }
}
