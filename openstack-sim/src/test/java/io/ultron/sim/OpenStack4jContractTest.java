package io.ultron.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ultron.sim.admin.ServerSeed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.compute.Action;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.ext.HypervisorStatistics;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.VolumeAttachment;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;
import org.openstack4j.model.network.Subnet;
import org.openstack4j.model.storage.block.Volume;
import org.openstack4j.openstack.OSFactory;

/** OpenStack4j 3.12, the client the sagas use, parses every answer of the simulator. */
class OpenStack4jContractTest {

    private static OpenStackSimulator sim;
    private static OSClientV3 os;

    @BeforeAll
    static void start() {
        sim = OpenStackSimulator.start(SimulatorConfig.builder()
                .clusters(2)
                .cluster("cluster-2", s -> s.region("bj-idc1-az2"))
                .bootTime(Duration.ofMillis(200), Duration.ofMillis(400))
                .build());
        os = Clients.openStack4j(sim, "cluster-2");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void authenticatesWithAProjectScopedTokenWhoseCatalogNamesTheClustersRegion() {
        Token token = os.getToken();

        assertThat(token.getId()).isNotBlank();
        assertThat(token.getExpires()).isInTheFuture();
        assertThat(token.getProject().getName()).isEqualTo("ultron");
        assertThat(token.getCatalog()).extracting(service -> service.getType())
                .contains("identity", "compute", "network", "volumev3", "image");
        assertThat(token.getCatalog()).flatExtracting(service -> service.getEndpoints())
                .extracting(endpoint -> endpoint.getRegion()).containsOnly("bj-idc1-az2");
    }

    @Test
    void refusesWrongPasswordsWithAnAuthenticationError() {
        Credentials c = sim.credentials("cluster-1");

        assertThatThrownBy(() -> OSFactory.builderV3().endpoint(c.keystoneUrl())
                .credentials(c.username(), "wrong", Identifier.byName("Default"))
                .scopeToProject(Identifier.byName(c.projectName()), Identifier.byName("Default"))
                .authenticate())
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void tokensOfOneClusterAreUnknownToAnother() {
        OSClientV3 other = OSFactory.clientFromToken(Clients.openStack4j(sim, "cluster-1").getToken());
        String foreignToken = other.getToken().getId();

        var response = Clients.get(sim.baseUrl() + "/cluster-2/compute/v2.1/flavors", foreignToken);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void listsFlavorsAndGetsOne() {
        List<? extends Flavor> flavors = os.compute().flavors().list();
        Flavor small = os.compute().flavors().get("2");

        assertThat(flavors).extracting(Flavor::getName).contains("m1.tiny", "m1.small", "m1.large");
        assertThat(small.getName()).isEqualTo("m1.small");
        assertThat(small.getVcpus()).isEqualTo(1);
        assertThat(small.getRam()).isEqualTo(2048);
        assertThat(small.getDisk()).isEqualTo(20);
    }

    @Test
    void listsImages() {
        List<? extends Image> images = os.imagesV2().list();

        assertThat(images).extracting(Image::getName).contains("cirros-0.6.2-x86_64", "ubuntu-22.04-server");
        assertThat(images).allSatisfy(image -> assertThat(image.getStatus()).isEqualTo(Image.ImageStatus.ACTIVE));
    }

    @Test
    void createsNetworksSubnetsAndPortsWithFixedIps() {
        Network network = os.networking().network().create(Builders.network().name("vpc-a").build());
        Subnet subnet = os.networking().subnet().create(Builders.subnet().name("vpc-a-1").networkId(network.getId())
                .ipVersion(IPVersionType.V4).cidr("11.0.0.0/22").gateway("11.0.0.1")
                .addPool("11.0.0.2", "11.0.0.127").build());

        Port port = os.networking().port().create(Builders.port().networkId(network.getId()).name("p1")
                .fixedIp("11.0.0.10", subnet.getId()).build());
        Port automatic = os.networking().port().create(Builders.port().networkId(network.getId()).name("p2").build());

        assertThat(subnet.getCidr()).isEqualTo("11.0.0.0/22");
        assertThat(subnet.getGateway()).isEqualTo("11.0.0.1");
        assertThat(subnet.getAllocationPools()).singleElement()
                .satisfies(pool -> assertThat(pool.getStart() + "-" + pool.getEnd()).isEqualTo("11.0.0.2-11.0.0.127"));
        assertThat(port.getFixedIps()).singleElement().satisfies(ip -> {
            assertThat(ip.getIpAddress()).isEqualTo("11.0.0.10");
            assertThat(ip.getSubnetId()).isEqualTo(subnet.getId());
        });
        assertThat(port.getMacAddress()).startsWith("fa:16:3e:");
        assertThat(automatic.getFixedIps()).extracting(ip -> ip.getIpAddress()).containsExactly("11.0.0.2");
        assertThat(os.networking().network().get(network.getId()).getSubnets()).containsExactly(subnet.getId());
        assertThat(os.networking().port().list()).extracting(Port::getId).contains(port.getId(), automatic.getId());
    }

    @Test
    void updatesTheAllocationPoolsOfASubnet() {
        Network network = os.networking().network().create(Builders.network().name("vpc-b").build());
        Subnet subnet = os.networking().subnet().create(Builders.subnet().name("vpc-b-1").networkId(network.getId())
                .ipVersion(IPVersionType.V4).cidr("11.0.16.0/22").addPool("11.0.16.2", "11.0.16.127").build());

        Subnet updated = os.networking().subnet().update(subnet.toBuilder()
                .addPool("11.0.16.128", "11.0.16.255").build());

        assertThat(updated.getAllocationPools()).hasSize(2);
        assertThat(sim.admin().subnets("cluster-2")).filteredOn(view -> view.id().equals(subnet.getId()))
                .singleElement().satisfies(view -> assertThat(view.allocationPools())
                        .containsExactly("11.0.16.2-11.0.16.127", "11.0.16.128-11.0.16.255"));
    }

    @Test
    void deletingAPortFreesItsAddress() {
        Network network = os.networking().network().create(Builders.network().name("vpc-c").build());
        Subnet subnet = os.networking().subnet().create(Builders.subnet().networkId(network.getId())
                .ipVersion(IPVersionType.V4).cidr("11.0.32.0/24").build());
        Port port = os.networking().port().create(Builders.port().networkId(network.getId())
                .fixedIp("11.0.32.50", subnet.getId()).build());

        ActionResponse deleted = os.networking().port().delete(port.getId());
        Port again = os.networking().port().create(Builders.port().networkId(network.getId())
                .fixedIp("11.0.32.50", subnet.getId()).build());

        assertThat(deleted.isSuccess()).isTrue();
        assertThat(again.getFixedIps()).extracting(ip -> ip.getIpAddress()).containsExactly("11.0.32.50");
    }

    @Test
    void createsSecurityGroupsAndRules() {
        SecurityGroup group = os.networking().securitygroup().create(Builders.securityGroup().name("web").build());
        SecurityGroupRule rule = os.networking().securityrule().create(Builders.securityGroupRule()
                .securityGroupId(group.getId()).direction("ingress").ethertype("IPv4").protocol("tcp")
                .portRangeMin(443).portRangeMax(443).remoteIpPrefix("0.0.0.0/0").build());

        SecurityGroup fetched = os.networking().securitygroup().get(group.getId());

        assertThat(rule.getPortRangeMin()).isEqualTo(443);
        assertThat(fetched.getRules()).extracting(SecurityGroupRule::getId).contains(rule.getId());
        assertThat(os.networking().securitygroup().list()).extracting(SecurityGroup::getName).contains("default", "web");
    }

    @Test
    void bootsAServerOnAPortAndSeesItActiveAfterTheBootTime() {
        Network network = os.networking().network().create(Builders.network().name("vpc-d").build());
        Subnet subnet = os.networking().subnet().create(Builders.subnet().networkId(network.getId())
                .ipVersion(IPVersionType.V4).cidr("11.0.48.0/24").build());
        Port port = os.networking().port().create(Builders.port().networkId(network.getId())
                .fixedIp("11.0.48.20", subnet.getId()).build());
        String image = os.imagesV2().list().get(0).getId();

        Server created = os.compute().servers().boot(Builders.server().name("ultron-vm-1").flavor("2").image(image)
                .addNetworkPort(port.getId()).addMetadataItem("ultron-id", "vm-1").build());

        assertThat(created.getId()).isNotBlank();
        assertThat(os.compute().servers().get(created.getId()).getStatus()).isEqualTo(Server.Status.BUILD);
        assertThat(os.networking().port().get(port.getId()).getDeviceId()).isEqualTo(created.getId());
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(
                () -> os.compute().servers().get(created.getId()).getStatus() == Server.Status.ACTIVE);
        Server server = os.compute().servers().get(created.getId());
        assertThat(server.getName()).isEqualTo("ultron-vm-1");
        assertThat(server.getMetadata()).containsEntry("ultron-id", "vm-1");
        assertThat(server.getFlavorId()).isEqualTo("2");
        assertThat(server.getImageId()).isEqualTo(image);
        assertThat(server.getAddresses().getAddresses("vpc-d")).extracting(a -> a.getAddr()).containsExactly("11.0.48.20");
        assertThat(server.getHost()).startsWith("compute-");
        assertThat(server.getCreated()).isNotNull();
        assertThat(os.networking().port().get(port.getId()).getState().name()).isEqualTo("ACTIVE");
    }

    @Test
    void listsServersWithFiltersAndPages() {
        String image = os.imagesV2().list().get(0).getId();
        for (int i = 0; i < 5; i++) {
            os.compute().servers().boot(Builders.server().name("list-me-" + i).flavor("1").image(image).build());
        }

        List<? extends Server> named = os.compute().servers().list(Map.of("name", "^list-me-"));
        List<? extends Server> firstPage = os.compute().servers().list(Map.of("name", "^list-me-", "limit", "2"));
        List<? extends Server> secondPage = os.compute().servers().list(Map.of("name", "^list-me-", "limit", "2",
                "marker", firstPage.get(1).getId()));

        assertThat(named).hasSize(5);
        assertThat(firstPage).extracting(Server::getName).containsExactly("list-me-4", "list-me-3");
        assertThat(secondPage).extracting(Server::getName).containsExactly("list-me-2", "list-me-1");
        assertThat(os.compute().servers().list(false)).extracting(Server::getName).contains("list-me-0");
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() ->
                os.compute().servers().list(Map.of("name", "^list-me-", "status", "ACTIVE")).size() == 5);
    }

    @Test
    void stopsStartsRebootsAndDeletesAServer() {
        String image = os.imagesV2().list().get(0).getId();
        Server server = os.compute().servers().boot(Builders.server().name("lifecycle").flavor("1").image(image).build());
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(
                () -> os.compute().servers().get(server.getId()).getStatus() == Server.Status.ACTIVE);

        assertThat(os.compute().servers().action(server.getId(), Action.STOP).isSuccess()).isTrue();
        assertThat(os.compute().servers().get(server.getId()).getStatus()).isEqualTo(Server.Status.SHUTOFF);
        assertThat(os.compute().servers().action(server.getId(), Action.STOP).getCode()).isEqualTo(409);
        assertThat(os.compute().servers().action(server.getId(), Action.START).isSuccess()).isTrue();
        assertThat(os.compute().servers().reboot(server.getId(), RebootType.SOFT).isSuccess()).isTrue();
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(
                () -> os.compute().servers().get(server.getId()).getStatus() == Server.Status.ACTIVE);
        assertThat(os.compute().servers().delete(server.getId()).isSuccess()).isTrue();
        assertThat(os.compute().servers().get(server.getId())).isNull();
    }

    @Test
    void parsesTheDeletedServerThatAChangesSinceListingShows() {
        String id = sim.admin().seedServers("cluster-2", ServerSeed.of(1, "tombstone")).get(0);
        Instant since = Instant.now();
        assertThat(os.compute().servers().delete(id).isSuccess()).isTrue();

        List<? extends Server> changed = os.compute().servers()
                .list(Map.of("changes-since", since.toString(), "name", "^tombstone-"));

        assertThat(changed).singleElement().satisfies(server -> {
            assertThat(server.getId()).isEqualTo(id);
            assertThat(server.getStatus()).isEqualTo(Server.Status.DELETED);
            assertThat(server.getName()).isEqualTo("tombstone-1");
        });
        assertThat(os.compute().servers().list(Map.of("name", "^tombstone-"))).isEmpty();
        assertThat(os.compute().servers().get(id)).isNull();
    }

    @Test
    void reportsHypervisorStatistics() {
        HypervisorStatistics statistics = os.compute().hypervisors().statistics();

        assertThat(statistics.getCount()).isEqualTo(20);
        assertThat(statistics.getVirtualCPU()).isEqualTo(20 * 64);
        assertThat(statistics.getMemory()).isEqualTo(20 * 262_144);
        assertThat(statistics.getFreeRam()).isEqualTo(statistics.getMemory() - statistics.getMemoryUsed());
    }

    @Test
    void createsVolumesAndAttachesThemToServers() {
        Volume volume = os.blockStorage().volumes().create(Builders.volume().name("data").size(10).build());
        assertThat(volume.getStatus()).isEqualTo(Volume.Status.CREATING);
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(
                () -> os.blockStorage().volumes().get(volume.getId()).getStatus() == Volume.Status.AVAILABLE);
        String image = os.imagesV2().list().get(0).getId();
        Server server = os.compute().servers().boot(Builders.server().name("with-disk").flavor("1").image(image).build());
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(
                () -> os.compute().servers().get(server.getId()).getStatus() == Server.Status.ACTIVE);

        VolumeAttachment attachment = os.compute().servers().attachVolume(server.getId(), volume.getId(), null);

        assertThat(attachment.getVolumeId()).isEqualTo(volume.getId());
        assertThat(attachment.getDevice()).isEqualTo("/dev/vdb");
        Volume attached = os.blockStorage().volumes().get(volume.getId());
        assertThat(attached.getStatus()).isEqualTo(Volume.Status.IN_USE);
        assertThat(attached.getAttachments()).singleElement()
                .satisfies(a -> assertThat(a.getServerId()).isEqualTo(server.getId()));
        assertThat(os.blockStorage().volumes().list()).extracting(Volume::getId).contains(volume.getId());
        assertThat(os.compute().servers().detachVolume(server.getId(), volume.getId()).isSuccess()).isTrue();
        assertThat(os.blockStorage().volumes().get(volume.getId()).getStatus()).isEqualTo(Volume.Status.AVAILABLE);
        assertThat(os.blockStorage().volumes().delete(volume.getId()).isSuccess()).isTrue();
        assertThat(os.blockStorage().volumes().get(volume.getId())).isNull();
    }
}
