package io.ultron.app.support;

import io.ultron.sim.Credentials;
import io.ultron.sim.OpenStackSimulator;
import io.ultron.sim.SimulatorConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * OpenStack clusters for integration tests: an {@link OpenStackSimulator} on a free port, the properties that
 * give Ultron their credentials (by reference {@code sim/<cluster>}), and their registration through the REST API.
 */
public final class SimulatedFleet implements AutoCloseable {

    private final OpenStackSimulator simulator;

    private SimulatedFleet(OpenStackSimulator simulator) {
        this.simulator = simulator;
    }

    public static SimulatedFleet start(int clusters) {
        return new SimulatedFleet(OpenStackSimulator.start(SimulatorConfig.builder()
                .clusters(clusters)
                .defaults(s -> s.latency(Duration.ZERO, Duration.ofMillis(2)))
                .seed(7)
                .build()));
    }

    public OpenStackSimulator simulator() {
        return simulator;
    }

    public List<String> clusterNames() {
        return simulator.clusterNames();
    }

    public static String credentialsRef(String cluster) {
        return "sim/" + cluster;
    }

    /**
     * {@link #properties} and a sync that is on and quick (every second, on ticks of 200 ms, from the start), for the
     * tests of sync; test nodes run without sync unless told (see {@code FreshDatabase}).
     */
    public void propertiesWithQuickSync(BiConsumer<String, String> add) {
        properties(add);
        add.accept("ultron.sync.enabled", "true");
        add.accept("ultron.sync.tick", "200ms");
        add.accept("ultron.sync.initial-delay", "0s");
        add.accept("ultron.sync.interval", "1s");
    }

    /** Spring properties naming every cluster's credentials, e.g. for {@code @DynamicPropertySource}. */
    public void properties(BiConsumer<String, String> add) {
        for (String cluster : clusterNames()) {
            Credentials credentials = simulator.credentials(cluster);
            String prefix = "ultron.openstack.credentials[" + credentialsRef(cluster) + "].";
            add.accept(prefix + "username", credentials.username());
            add.accept(prefix + "password", credentials.password());
            add.accept(prefix + "project-name", credentials.projectName());
            add.accept(prefix + "user-domain", credentials.userDomain());
            add.accept(prefix + "project-domain", credentials.projectDomain());
        }
    }

    public String[] asArgs() {
        List<String> args = new ArrayList<>();
        properties((key, value) -> args.add("--" + key + "=" + value));
        return args.toArray(String[]::new);
    }

    /** Registers every simulated cluster in {@code idc} of area beijing; answers cluster name to Ultron id. */
    public Map<String, String> registerAll(Http http, String idc) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String cluster : clusterNames()) {
            ids.put(cluster, register(http, cluster, idc));
        }
        return ids;
    }

    /** Registers one simulated cluster in {@code idc} of area beijing; answers its Ultron id. */
    public String register(Http http, String cluster, String idc) {
        Map<String, Object> body = new LinkedHashMap<>(Clusters.registration(cluster, idc));
        body.put("keystoneUrl", simulator.keystoneUrl(cluster));
        body.put("credentialsRef", credentialsRef(cluster));
        var created = http.post("/api/v1/clusters", body);
        if (created.status() != 201) {
            throw new IllegalStateException("could not register " + cluster + ": " + created.body());
        }
        return created.json().get("id").asText();
    }

    /** {@link #registerAll}, then waits until the cluster view lists every cluster of the IDC. */
    public Map<String, String> registerAllAndAwait(Http http, String idc) {
        Map<String, String> ids = registerAll(http, idc);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> http.get("/api/v1/clusters?idc=" + idc).json().size() == ids.size());
        return ids;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
