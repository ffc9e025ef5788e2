package io.ultron.sagas.sync;

import io.ultron.api.drift.LeftoverPortId;
import io.ultron.api.drift.RecordLeftoverPortCommand;
import java.time.Duration;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.PortDrift;
import io.ultron.api.compute.RecordServerPortDriftCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.network.NetworkViews.IpPoolView;
import io.ultron.api.network.RecordNeutronSubnetDriftCommand;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.sagas.openstack.OpenStackCompute.ObservedServer;
import io.ultron.sagas.openstack.OpenStackCompute.ServerState;
import io.ultron.sagas.openstack.OpenStackNetworks.IpRange;
import io.ultron.sagas.openstack.OpenStackNetworks.ObservedPort;
import io.ultron.sagas.openstack.OpenStackNetworks.ObservedSubnet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkDriftTest {

    static final Instant READ_AT = Instant.parse("2026-12-05T04:00:00Z");
    static final ClusterId CLUSTER = ClusterId.of("cl-1");
    static final String VPC = "vpc-00000000-0000-0000-0000-000000000001";
    static final String SUBNET = "sn-00000000-0000-0000-0000-000000000001-1";
    static final String OTHER_SUBNET = "sn-00000000-0000-0000-0000-000000000001-2";

    // ---- subnets and pools

    @Test
    void subnetsWithExactlyTheClustersPoolsGiveNoCommand() {
        var pools = List.of(pool(SUBNET, "READY", "11.0.0.2-11.0.0.127", "11.0.1.0-11.0.1.127"));
        var seen = List.of(subnet(SUBNET, "neutron-1", new IpRange("11.0.1.0", "11.0.1.127"), new IpRange("11.0.0.2", "11.0.0.127")),
                subnet("someone-elses", "neutron-9"));

        assertThat(NetworkDrift.subnetCommands(CLUSTER, pools, seen, READ_AT)).isEmpty();
    }

    @Test
    void aMissingSubnetOrOtherPoolsAreRecordedWithWhatWasSeen() {
        var pools = List.of(pool(SUBNET, "READY", "11.0.0.2-11.0.0.127"), pool(OTHER_SUBNET, "READY", "11.0.4.2-11.0.4.127"));
        var seen = List.of(subnet(OTHER_SUBNET, "neutron-2", new IpRange("11.0.4.2", "11.0.4.200")));

        assertThat(NetworkDrift.subnetCommands(CLUSTER, pools, seen, READ_AT)).containsExactly(
                new RecordNeutronSubnetDriftCommand(VpcId.of(VPC), SubnetId.of(SUBNET), CLUSTER, null, List.of(), READ_AT),
                new RecordNeutronSubnetDriftCommand(VpcId.of(VPC), SubnetId.of(OTHER_SUBNET), CLUSTER, "neutron-2",
                        List.of("11.0.4.2-11.0.4.200"), READ_AT));
        assertThat(NetworkDrift.subnetCommands(CLUSTER, pools, seen, READ_AT)).extracting(NetworkDrift::kind)
                .containsExactly("subnet-missing", "pools-changed");
    }

    @Test
    void poolsNeutronHasNotConfirmedYetAreNotCompared() {
        var pools = List.of(pool(SUBNET, "PENDING", "11.0.0.2-11.0.0.127"), pool(OTHER_SUBNET, "FAILED", "11.0.4.2-11.0.4.127"));

        assertThat(NetworkDrift.subnetCommands(CLUSTER, pools, List.of(), READ_AT)).isEmpty();
    }

    // ---- ports

    @Test
    void portsAsUltronMadeThemGiveNoCommand() {
        var known = List.of(server("srv-1", "nova-1", "ACTIVE", "11.0.0.5"), server("srv-2", "nova-2", "ERROR", "11.0.0.6"));
        var servers = List.of(nova("nova-1", "ACTIVE"), nova("nova-2", "ERROR"));
        // an ERROR server's port is not asked to be bound: Nova refuses to plug ports into such servers
        var ports = List.of(port("srv-1", "11.0.0.5", "nova-1"), port("srv-2", "11.0.0.6", ""));

        assertThat(NetworkDrift.portCommands(known, servers, ports, READ_AT)).isEmpty();
    }

    @Test
    void aMissingPortAPortWithAnotherAddressAndAnUnboundPortAreRecorded() {
        var known = List.of(server("srv-1", "nova-1", "ACTIVE", "11.0.0.5"), server("srv-2", "nova-2", "STOPPED", "11.0.0.6"),
                server("srv-3", "nova-3", "ACTIVE", "11.0.0.7"));
        var servers = List.of(nova("nova-1", "ACTIVE"), nova("nova-2", "SHUTOFF"), nova("nova-3", "ACTIVE"));
        var ports = List.of(port("srv-2", "11.0.0.99", "nova-2"), port("srv-3", "11.0.0.7", ""));

        var commands = NetworkDrift.portCommands(known, servers, ports, READ_AT);

        assertThat(commands).extracting(command -> ((RecordServerPortDriftCommand) command).serverId())
                .containsExactly(ServerId.of("srv-1"), ServerId.of("srv-2"), ServerId.of("srv-3"));
        assertThat(commands).extracting(command -> ((RecordServerPortDriftCommand) command).drift())
                .containsExactly(PortDrift.MISSING, PortDrift.CHANGED, PortDrift.CHANGED);
        assertThat(commands).extracting(NetworkDrift::kind).containsExactly("port-missing", "port-changed", "port-changed");
        assertThat(commands.get(0)).isEqualTo(new RecordServerPortDriftCommand(ServerId.of("srv-1"), PortDrift.MISSING,
                "nova-1", "no port ultron-srv-1 in the cluster", READ_AT));
        assertThat(((RecordServerPortDriftCommand) commands.get(1)).detail()).contains("11.0.0.99").contains("not 11.0.0.6");
        assertThat(((RecordServerPortDriftCommand) commands.get(2)).detail()).contains("not Nova server nova-3");
    }

    @Test
    void serversGoneFromTheClusterOrNotBuiltAreLeftToTheServerSync() {
        var known = List.of(server("srv-1", "nova-1", "ACTIVE", "11.0.0.5"), server("srv-2", "nova-2", "ACTIVE", "11.0.0.6"),
                server("srv-3", null, "ACTIVE", "11.0.0.7"), server("srv-4", "nova-4", "DELETING", "11.0.0.8"));
        var servers = List.of(nova("nova-2", "DELETED"), nova("nova-4", "ACTIVE"));

        assertThat(NetworkDrift.portCommands(known, servers, List.of(), READ_AT)).isEmpty();
    }

    @Test
    void aPortNamedAfterNoServerOwningANovaServerHereIsALeftover() {
        var owning = List.of(server("srv-1", "nova-1", "ACTIVE", "11.0.0.5"), server("srv-2", null, "NETWORK_READY", "11.0.0.6"));
        var ports = List.of(port("srv-1", "11.0.0.5", "nova-1"), port("srv-2", "11.0.0.6", ""), port("srv-9", "11.0.0.9", ""),
                new ObservedPort("port-dhcp", "dhcp-port", "net-1", "dhcp", List.of("11.0.0.2"), "ACTIVE"));
        Duration grace = Duration.ofMinutes(10);

        assertThat(NetworkDrift.leftoverPortCommands(CLUSTER, owning, ports, grace, READ_AT)).containsExactly(
                new RecordLeftoverPortCommand(LeftoverPortId.of(CLUSTER, "port-srv-9"), CLUSTER, "port-srv-9", "ultron-srv-9",
                        List.of("11.0.0.9"), grace, READ_AT));
    }

    static IpPoolView pool(String subnetId, String status, String... pools) {
        return new IpPoolView(subnetId, CLUSTER.value(), VPC, List.of(0), List.of(pools), 128, 1, 127, 0.8, status, null, 0,
                "neutron");
    }

    static ObservedSubnet subnet(String ultronSubnetId, String neutronId, IpRange... pools) {
        return new ObservedSubnet(neutronId, "ultron-" + ultronSubnetId, "net-" + neutronId, "11.0.0.0/22", List.of(pools));
    }

    static ServerView server(String id, String novaId, String status, String address) {
        return new ServerView(id, "batch-1", "acme", "web", VPC, "idc-1", CLUSTER.value(), SUBNET, status, address, "host-1",
                "m1.small", "img", null, 0, List.of(), false, 1, null, null, novaId, READ_AT, READ_AT);
    }

    static ObservedServer nova(String novaId, String status) {
        return new ObservedServer("ultron-x", new ServerState(novaId, status, null, "host-1", List.of()));
    }

    static ObservedPort port(String serverId, String address, String deviceId) {
        return new ObservedPort("port-" + serverId, "ultron-" + serverId, "net-1", deviceId, List.of(address), "ACTIVE");
    }
}
