package io.ultron.sim;

import java.time.Duration;

/**
 * How one simulated cluster behaves. Set at start, replaced at run time through
 * {@code PATCH /admin/clusters/{name}} or {@link io.ultron.sim.admin.SimulatorAdmin#configure}. Immutable: a change
 * swaps the whole record, so a request never sees half of an update.
 *
 * @param region             the OpenStack region name in the cluster's catalog
 * @param release            release label, shown by the admin API and in version documents
 * @param bootTimeMinMillis  shortest BUILD to ACTIVE time
 * @param bootTimeMaxMillis  longest BUILD to ACTIVE time (uniform between min and max)
 * @param latencyMinMillis   shortest added delay of every API answer
 * @param latencyMaxMillis   longest added delay of every API answer
 * @param errorRate          fraction (0..1) of service calls answered with {@code errorStatus}
 * @param errorStatus        status of injected errors: 500 or 503
 * @param holdRate           fraction (0..1) of service calls held for {@code holdMillis} (a timeout)
 * @param holdMillis         how long a held call waits before it gets a 504
 * @param buildFailureRate   fraction (0..1) of server builds that end in ERROR
 * @param rateLimitPerSecond service calls allowed per second, 0 for no limit; beyond it 429
 * @param hosts              compute hosts
 * @param vcpusPerHost       vCPUs of each host
 * @param ramMbPerHost       RAM of each host in MB
 * @param diskGbPerHost      local disk of each host in GB
 * @param serverQuota        servers the project may hold; beyond it Nova answers 403
 * @param volumeCreateMillis time a volume stays "creating"
 * @param tokenTtlSeconds    Keystone token lifetime
 * @param hypervisorStatistics whether Nova serves {@code /os-hypervisors/statistics}; false answers it 404, as Nova
 *                           from API 2.88 on (and some foreign OpenStacks) do
 */
public record ClusterSettings(
        String region,
        String release,
        long bootTimeMinMillis,
        long bootTimeMaxMillis,
        long latencyMinMillis,
        long latencyMaxMillis,
        double errorRate,
        int errorStatus,
        double holdRate,
        long holdMillis,
        double buildFailureRate,
        int rateLimitPerSecond,
        int hosts,
        int vcpusPerHost,
        int ramMbPerHost,
        int diskGbPerHost,
        int serverQuota,
        long volumeCreateMillis,
        long tokenTtlSeconds,
        boolean hypervisorStatistics) {

    public ClusterSettings {
        if (bootTimeMinMillis < 0 || bootTimeMaxMillis < bootTimeMinMillis) {
            throw new IllegalArgumentException("boot time must satisfy 0 <= min <= max");
        }
        if (latencyMinMillis < 0 || latencyMaxMillis < latencyMinMillis) {
            throw new IllegalArgumentException("latency must satisfy 0 <= min <= max");
        }
        requireFraction("errorRate", errorRate);
        requireFraction("holdRate", holdRate);
        requireFraction("buildFailureRate", buildFailureRate);
        if (errorStatus < 400 || errorStatus > 599) {
            throw new IllegalArgumentException("errorStatus must be an HTTP error status");
        }
        if (hosts < 0 || vcpusPerHost < 0 || ramMbPerHost < 0 || diskGbPerHost < 0 || serverQuota < 0
                || rateLimitPerSecond < 0 || holdMillis < 0 || volumeCreateMillis < 0 || tokenTtlSeconds <= 0) {
            throw new IllegalArgumentException("sizes, quotas and times must not be negative");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must be set");
        }
    }

    private static void requireFraction(String name, double value) {
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }

    /** A healthy mid-size cluster: 20 hosts of 64 vCPU / 256 GB, 20-40 s boots, no faults. */
    public static Builder defaults(String region) {
        return new Builder().region(region);
    }

    public Builder toBuilder() {
        return new Builder()
                .region(region).release(release)
                .bootTime(bootTimeMinMillis, bootTimeMaxMillis)
                .latency(latencyMinMillis, latencyMaxMillis)
                .errorRate(errorRate).errorStatus(errorStatus)
                .holdRate(holdRate).holdMillis(holdMillis)
                .buildFailureRate(buildFailureRate)
                .rateLimitPerSecond(rateLimitPerSecond)
                .hosts(hosts).vcpusPerHost(vcpusPerHost).ramMbPerHost(ramMbPerHost).diskGbPerHost(diskGbPerHost)
                .serverQuota(serverQuota)
                .volumeCreateMillis(volumeCreateMillis)
                .tokenTtlSeconds(tokenTtlSeconds)
                .hypervisorStatistics(hypervisorStatistics);
    }

    /** Fluent builder; every setter returns the builder. */
    public static final class Builder {
        private String region = "RegionOne";
        private String release = "2023.2";
        private long bootTimeMinMillis = 20_000;
        private long bootTimeMaxMillis = 40_000;
        private long latencyMinMillis;
        private long latencyMaxMillis;
        private double errorRate;
        private int errorStatus = 500;
        private double holdRate;
        private long holdMillis = 60_000;
        private double buildFailureRate;
        private int rateLimitPerSecond;
        private int hosts = 20;
        private int vcpusPerHost = 64;
        private int ramMbPerHost = 262_144;
        private int diskGbPerHost = 2_000;
        private int serverQuota = 10_000;
        private long volumeCreateMillis = 200;
        private long tokenTtlSeconds = 3_600;
        private boolean hypervisorStatistics = true;

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder release(String value) {
            release = value;
            return this;
        }

        public Builder bootTime(Duration min, Duration max) {
            return bootTime(min.toMillis(), max.toMillis());
        }

        public Builder bootTime(long minMillis, long maxMillis) {
            bootTimeMinMillis = minMillis;
            bootTimeMaxMillis = maxMillis;
            return this;
        }

        public Builder latency(Duration min, Duration max) {
            return latency(min.toMillis(), max.toMillis());
        }

        public Builder latency(long minMillis, long maxMillis) {
            latencyMinMillis = minMillis;
            latencyMaxMillis = maxMillis;
            return this;
        }

        public Builder errorRate(double value) {
            errorRate = value;
            return this;
        }

        public Builder errorStatus(int value) {
            errorStatus = value;
            return this;
        }

        public Builder holdRate(double value) {
            holdRate = value;
            return this;
        }

        public Builder holdMillis(long value) {
            holdMillis = value;
            return this;
        }

        public Builder buildFailureRate(double value) {
            buildFailureRate = value;
            return this;
        }

        public Builder rateLimitPerSecond(int value) {
            rateLimitPerSecond = value;
            return this;
        }

        public Builder hosts(int value) {
            hosts = value;
            return this;
        }

        public Builder vcpusPerHost(int value) {
            vcpusPerHost = value;
            return this;
        }

        public Builder ramMbPerHost(int value) {
            ramMbPerHost = value;
            return this;
        }

        public Builder diskGbPerHost(int value) {
            diskGbPerHost = value;
            return this;
        }

        public Builder serverQuota(int value) {
            serverQuota = value;
            return this;
        }

        public Builder volumeCreateMillis(long value) {
            volumeCreateMillis = value;
            return this;
        }

        public Builder tokenTtlSeconds(long value) {
            tokenTtlSeconds = value;
            return this;
        }

        public Builder hypervisorStatistics(boolean value) {
            hypervisorStatistics = value;
            return this;
        }

        public ClusterSettings build() {
            return new ClusterSettings(region, release, bootTimeMinMillis, bootTimeMaxMillis,
                    latencyMinMillis, latencyMaxMillis, errorRate, errorStatus, holdRate, holdMillis,
                    buildFailureRate, rateLimitPerSecond, hosts, vcpusPerHost, ramMbPerHost, diskGbPerHost,
                    serverQuota, volumeCreateMillis, tokenTtlSeconds, hypervisorStatistics);
        }
    }
}
