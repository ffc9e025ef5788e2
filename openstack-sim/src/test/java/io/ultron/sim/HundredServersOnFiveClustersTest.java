package io.ultron.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Subnet;
import org.openstack4j.openstack.OSFactory;

/**
 * The simulator's acceptance test: OpenStack4j on five clusters, a network, subnet and fixed-IP
 * ports in each, one hundred servers booted in parallel, all ACTIVE after the boot time, and
 * faults and limits that look like OpenStack's.
 */
class HundredServersOnFiveClustersTest {

    private static final int SERVERS_PER_CLUSTER = 20;
    private static final Duration BOOT_MIN = Duration.ofSeconds(1);
    private static final Duration BOOT_MAX = Duration.ofSeconds(2);

    /** What one cluster was given before the boots: a session and ports with fixed IPs. */
    private record Prepared(String cluster, String region, Token token, String imageId, List<Port> ports) {
    }

    @Test
    void bootsOneHundredServersOnFixedIpPortsAcrossFiveClustersInParallel() throws Exception {
        try (OpenStackSimulator sim = OpenStackSimulator.start(SimulatorConfig.builder()
                .clusters(5).bootTime(BOOT_MIN, BOOT_MAX).seed(7).build())) {
            Map<String, Prepared> prepared = new LinkedHashMap<>();
            for (String cluster : sim.clusterNames()) {
                prepared.put(cluster, prepare(sim, cluster));
            }

            ExecutorService pool = Executors.newFixedThreadPool(25);
            List<Callable<Map.Entry<String, Server>>> boots = new ArrayList<>();
            for (Prepared cluster : prepared.values()) {
                for (int i = 0; i < SERVERS_PER_CLUSTER; i++) {
                    Port port = cluster.ports().get(i);
                    String name = cluster.cluster() + "-vm-" + i;
                    boots.add(() -> {
                        // OpenStack4j keeps its session per thread: each task builds its own client from the token.
                        OSClientV3 os = OSFactory.clientFromToken(cluster.token());
                        os.useRegion(cluster.region());
                        Server server = os.compute().servers().boot(Builders.server().name(name).flavor("2")
                                .image(cluster.imageId()).addNetworkPort(port.getId())
                                .addMetadataItem("ultron-id", name).build());
                        return Map.entry(port.getId(), server);
                    });
                }
            }
            long started = System.nanoTime();
            List<Future<Map.Entry<String, Server>>> results = pool.invokeAll(boots);
            pool.shutdown();
            Map<String, String> serverByPort = new LinkedHashMap<>();
            for (Future<Map.Entry<String, Server>> result : results) {
                serverByPort.put(result.get().getKey(), result.get().getValue().getId());
            }

            assertThat(serverByPort).hasSize(100);
            assertThat(serverByPort.values()).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    sim.clusterNames().stream().allMatch(cluster -> activeServers(prepared.get(cluster)).size()
                            == SERVERS_PER_CLUSTER));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(BOOT_MIN);

            for (Prepared cluster : prepared.values()) {
                List<? extends Server> servers = activeServers(cluster);
                assertThat(servers).allSatisfy(server -> {
                    assertThat(server.getMetadata()).containsEntry("ultron-id", server.getName());
                    assertThat(server.getFault()).isNull();
                });
                OSClientV3 os = session(cluster);
                for (Port port : cluster.ports()) {
                    Port bound = os.networking().port().get(port.getId());
                    String serverId = serverByPort.get(port.getId());
                    assertThat(bound.getDeviceId()).isEqualTo(serverId);
                    assertThat(os.compute().servers().get(serverId).getAddresses().getAddresses("vpc-1"))
                            .extracting(address -> address.getAddr())
                            .containsExactly(port.getFixedIps().iterator().next().getIpAddress());
                }
                assertThat(os.compute().hypervisors().statistics().getRunningVM()).isEqualTo(SERVERS_PER_CLUSTER);
            }

            showsFaultsAndLimitsAsOpenStackWould(sim, prepared);
        }
    }

    private static void showsFaultsAndLimitsAsOpenStackWould(OpenStackSimulator sim, Map<String, Prepared> prepared) {
        sim.admin().configure("cluster-1", s -> s.rateLimitPerSecond(1));
        OSClientV3 limited = session(prepared.get("cluster-1"));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 3; i++) {
                limited.compute().flavors().list();
            }
        }).isInstanceOfSatisfying(ResponseException.class, e -> assertThat(e.getStatus()).isEqualTo(429));

        sim.admin().failNextCalls("cluster-2", 1, 503);
        OSClientV3 unavailable = session(prepared.get("cluster-2"));
        assertThatThrownBy(() -> unavailable.compute().servers().list())
                .isInstanceOfSatisfying(ResponseException.class, e -> assertThat(e.getStatus()).isEqualTo(503));
        assertThat(unavailable.compute().servers().list()).hasSize(SERVERS_PER_CLUSTER);

        sim.admin().failNextBuilds("cluster-3", 1);
        Prepared third = prepared.get("cluster-3");
        OSClientV3 os = session(third);
        Server failing = os.compute().servers().boot(Builders.server().name("doomed").flavor("2")
                .image(third.imageId()).build());
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() ->
                os.compute().servers().get(failing.getId()).getStatus() == Server.Status.ERROR);
        Server failed = os.compute().servers().get(failing.getId());
        assertThat(failed.getFault().getCode()).isEqualTo(500);
        assertThat(failed.getFault().getMessage()).startsWith("No valid host was found");
    }

    private static Prepared prepare(OpenStackSimulator sim, String cluster) {
        OSClientV3 os = Clients.openStack4j(sim, cluster);
        Network network = os.networking().network().create(Builders.network().name("vpc-1").build());
        Subnet subnet = os.networking().subnet().create(Builders.subnet().name("vpc-1-a").networkId(network.getId())
                .ipVersion(IPVersionType.V4).cidr("11.0.0.0/22").gateway("11.0.0.1")
                .addPool("11.0.0.2", "11.0.0.127").build());
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < SERVERS_PER_CLUSTER; i++) {
            ports.add(os.networking().port().create(Builders.port().networkId(network.getId())
                    .name(cluster + "-port-" + i).fixedIp("11.0.0." + (10 + i), subnet.getId()).build()));
        }
        String imageId = os.imagesV2().list().get(0).getId();
        return new Prepared(cluster, sim.credentials(cluster).region(), os.getToken(), imageId, ports);
    }

    private static OSClientV3 session(Prepared cluster) {
        OSClientV3 os = OSFactory.clientFromToken(cluster.token());
        os.useRegion(cluster.region());
        return os;
    }

    private static List<? extends Server> activeServers(Prepared cluster) {
        return session(cluster).compute().servers().list(Map.of("status", "ACTIVE"));
    }
}
