package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import io.ultron.sagas.openstack.OpenStackNetworks.NeutronSubnet;
import io.ultron.sim.admin.RequestRecord;
import io.ultron.sim.network.SubnetView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Neutron side of a subnet's life, over real HTTP to the simulator. */
class OpenStack4jNetworksTest {

    private static final String CLUSTER = "cluster-1";
    private static final ClusterId CLUSTER_ID = ClusterId.of(CLUSTER);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static SimulatedOpenStack openStack;
    private OpenStack4jNetworks networks;

    @BeforeAll
    static void startSimulator() {
        openStack = SimulatedOpenStack.start(1);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        openStack.close();
    }

    @BeforeEach
    void freshNode() {
        networks = openStack.node(SimulatedOpenStack.fastProperties(), 4).networks();
        openStack.sim.admin().clearRequests();
    }

    @Test
    void ensureSubnetCreatesNetworkAndSubnetWithTheRequestedPoolsAndNoDhcp() {
        NeutronSubnet created = networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-create"), trace())
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

        assertThat(openStack.sim.admin().networks(CLUSTER))
                .filteredOn(n -> n.name().equals("ultron-sn-create"))
                .singleElement()
                .satisfies(n -> assertThat(n.id()).isEqualTo(created.networkId()));
        SubnetView subnet = subnetNamed("ultron-sn-create");
        assertThat(subnet.id()).isEqualTo(created.subnetId());
        assertThat(subnet.networkId()).isEqualTo(created.networkId());
        assertThat(subnet.cidr()).isEqualTo("11.0.4.0/22");
        assertThat(subnet.gatewayIp()).isEqualTo("11.0.4.1");
        assertThat(subnet.allocationPools()).containsExactly("11.0.4.10-11.0.4.250");
    }

    @Test
    void ensureSubnetTwiceCreatesNothingNew() {
        NeutronSubnet first = networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-twice"), trace()).join();
        int networksBefore = openStack.sim.admin().networks(CLUSTER).size();
        int subnetsBefore = openStack.sim.admin().subnets(CLUSTER).size();
        openStack.sim.admin().clearRequests();

        NeutronSubnet second = networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-twice"), trace()).join();

        assertThat(second).isEqualTo(first);
        assertThat(openStack.sim.admin().networks(CLUSTER)).hasSize(networksBefore);
        assertThat(openStack.sim.admin().subnets(CLUSTER)).hasSize(subnetsBefore);
        assertThat(openStack.serviceRequests(CLUSTER)).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void ensureSubnetSetsExactlyTheRequestedPoolsOnAnExistingSubnet() {
        var request = Subnets.slash22("sn-repool");
        networks.ensureSubnet(CLUSTER_ID, request, trace()).join();

        networks.ensureSubnet(CLUSTER_ID, new OpenStackNetworks.EnsureSubnet(request.ultronSubnetId(), request.cidr(),
                request.gateway(), Subnets.twoPools()), trace()).join();

        assertThat(subnetNamed("ultron-sn-repool").allocationPools())
                .containsExactlyInAnyOrder("11.0.5.1-11.0.5.100", "11.0.6.1-11.0.6.50");
    }

    @Test
    void updateAllocationPoolsReplacesThePools() {
        NeutronSubnet subnet = networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-pools"), trace()).join();

        networks.updateAllocationPools(CLUSTER_ID, subnet.subnetId(), Subnets.twoPools(), trace()).join();

        assertThat(subnetNamed("ultron-sn-pools").allocationPools())
                .containsExactlyInAnyOrder("11.0.5.1-11.0.5.100", "11.0.6.1-11.0.6.50");
    }

    @Test
    void deleteSubnetRemovesSubnetAndNetworkAndIsDoneWhenAlreadyGone() {
        networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-delete"), trace()).join();

        networks.deleteSubnet(CLUSTER_ID, "sn-delete", trace()).join();
        networks.deleteSubnet(CLUSTER_ID, "sn-delete", trace()).join();

        assertThat(openStack.sim.admin().networks(CLUSTER)).noneMatch(n -> n.name().equals("ultron-sn-delete"));
        assertThat(openStack.sim.admin().subnets(CLUSTER)).noneMatch(s -> s.name().equals("ultron-sn-delete"));
    }

    @Test
    void aSubnetAndNetworkWhoseDeletesAreAnswered404AreLookedUpAgainAndDeleted() {
        networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-lost-delete"), trace()).join();
        openStack.sim.admin().loseNextDeletes(CLUSTER, 2);

        networks.deleteSubnet(CLUSTER_ID, "sn-lost-delete", trace()).join();

        assertThat(openStack.sim.admin().networks(CLUSTER)).noneMatch(n -> n.name().equals("ultron-sn-lost-delete"));
        assertThat(openStack.sim.admin().subnets(CLUSTER)).noneMatch(s -> s.name().equals("ultron-sn-lost-delete"));
        assertThat(openStack.requests(CLUSTER)).filteredOn(r -> r.outcome().equals("injected-lost-delete")).hasSize(2);
    }

    @Test
    void everyCallCarriesTheTracesRequestId() {
        String trace = "saga-7f3a/step-ensure-subnet";
        String requestId = RequestIds.fromTraceId(trace);

        networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-traced"), trace).join();

        assertThat(requestId).matches("req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        List<RequestRecord> traced = openStack.sim.admin().requests(requestId);
        assertThat(traced).hasSize(4).allMatch(r -> requestId.equals(r.globalRequestId()));
        assertThat(openStack.serviceRequests(CLUSTER)).allMatch(r -> requestId.equals(r.globalRequestId()));
    }

    @Test
    void aTraceIdThatIsAUuidIsSentAsItIs() {
        UUID trace = UUID.randomUUID();

        networks.deleteSubnet(CLUSTER_ID, "sn-never-made", trace.toString().toUpperCase()).join();

        assertThat(openStack.sim.admin().requests("req-" + trace)).isNotEmpty();
    }

    @Test
    void oneLoginServesManyCallsAndAnExpiredTokenIsReplacedOnce() {
        NeutronSubnet subnet = networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-token"), trace()).join();
        for (int i = 0; i < 5; i++) {
            networks.updateAllocationPools(CLUSTER_ID, subnet.subnetId(), Subnets.twoPools(), trace()).join();
        }
        assertThat(openStack.keystoneLogins(CLUSTER)).isEqualTo(1);

        openStack.sim.admin().expireTokens(CLUSTER);
        for (int i = 0; i < 5; i++) {
            networks.updateAllocationPools(CLUSTER_ID, subnet.subnetId(), Subnets.twoPools(), trace()).join();
        }

        assertThat(openStack.keystoneLogins(CLUSTER)).isEqualTo(2);
        assertThat(openStack.serviceRequests(CLUSTER)).filteredOn(r -> r.status() == 401).hasSize(1);
    }

    @Test
    void listsUltronsSubnetsWithTheirPoolsAndUltronsPortsWithTheirBinding() {
        NeutronSubnet made = networks.ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-listed"), trace()).join();
        OpenStack4jCompute compute = openStack.node(SimulatedOpenStack.fastProperties(), 4).compute();
        String portId = compute.createPort(CLUSTER_ID, new OpenStackCompute.CreatePort("srv-listed", made.networkId(),
                made.subnetId(), "11.0.4.20"), trace()).join();
        // someone else's port on the same network is not Ultron's business
        openStack.sim.admin().seedServers(CLUSTER, new io.ultron.sim.admin.ServerSeed(1, "other", null, made.subnetId()));

        List<OpenStackNetworks.ObservedSubnet> subnets = networks.listSubnets(CLUSTER_ID, trace()).join();
        List<OpenStackNetworks.ObservedPort> ports = networks.listPorts(CLUSTER_ID, trace()).join();

        assertThat(subnets).allSatisfy(subnet -> assertThat(subnet.name()).startsWith("ultron-"))
                .filteredOn(subnet -> subnet.name().equals("ultron-sn-listed")).singleElement().satisfies(subnet -> {
                    assertThat(subnet.id()).isEqualTo(made.subnetId());
                    assertThat(subnet.networkId()).isEqualTo(made.networkId());
                    assertThat(subnet.cidr()).isEqualTo("11.0.4.0/22");
                    assertThat(subnet.allocationPools()).containsExactly(new OpenStackNetworks.IpRange("11.0.4.10", "11.0.4.250"));
                });
        assertThat(ports).allSatisfy(port -> assertThat(port.name()).startsWith("ultron-"))
                .filteredOn(port -> port.name().equals("ultron-srv-listed")).singleElement().satisfies(port -> {
                    assertThat(port.id()).isEqualTo(portId);
                    assertThat(port.networkId()).isEqualTo(made.networkId());
                    assertThat(port.fixedIps()).containsExactly("11.0.4.20");
                    assertThat(port.deviceId()).isEmpty();
                });
        assertThat(openStack.serviceRequests(CLUSTER)).filteredOn(r -> r.method().equals("GET") && r.path().endsWith("/ports"))
                .isNotEmpty();
    }

    @Test
    void listPortsFollowsNeutronsPagesToTheLastPort() {
        NeutronSubnet wide = networks.ensureSubnet(CLUSTER_ID, new OpenStackNetworks.EnsureSubnet("sn-paged", "11.0.12.0/22",
                "11.0.12.1", List.of(new OpenStackNetworks.IpRange("11.0.12.2", "11.0.15.254"))), trace()).join();
        // more ports than a page holds, then Ultron's port: Neutron lists by creation here, so it is on the last page
        openStack.sim.admin().seedServers(CLUSTER, new io.ultron.sim.admin.ServerSeed(NeutronCalls.PAGE + 10, "paged", null,
                wide.subnetId()));
        String portId = openStack.node(SimulatedOpenStack.fastProperties(), 4).compute().createPort(CLUSTER_ID,
                new OpenStackCompute.CreatePort("srv-last", wide.networkId(), wide.subnetId(), "11.0.15.250"), trace()).join();
        String listing = trace();

        List<OpenStackNetworks.ObservedPort> ports = networks.listPorts(CLUSTER_ID, listing).join();

        assertThat(ports).extracting(OpenStackNetworks.ObservedPort::id).contains(portId);
        int all = openStack.sim.admin().ports(CLUSTER).size();
        assertThat(openStack.sim.admin().requests(RequestIds.fromTraceId(listing)))
                .filteredOn(r -> r.method().equals("GET") && r.path().endsWith("/ports"))
                .hasSize(all / NeutronCalls.PAGE + 1);
    }

    private static SubnetView subnetNamed(String name) {
        return openStack.sim.admin().subnets(CLUSTER).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static String trace() {
        return UUID.randomUUID().toString();
    }
}
