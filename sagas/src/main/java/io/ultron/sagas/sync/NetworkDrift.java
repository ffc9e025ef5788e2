package io.ultron.sagas.sync;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.PortDrift;
import io.ultron.api.compute.RecordServerPortDriftCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.drift.LeftoverPortId;
import io.ultron.api.drift.RecordLeftoverPortCommand;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.network.NetworkViews.IpPoolView;
import io.ultron.api.network.RecordNeutronSubnetDriftCommand;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.sagas.openstack.OpenStack4jCompute;
import io.ultron.sagas.openstack.OpenStack4jNetworks;
import io.ultron.sagas.openstack.OpenStackCompute.ObservedServer;
import io.ultron.sagas.openstack.OpenStackNetworks.ObservedPort;
import io.ultron.sagas.openstack.OpenStackNetworks.ObservedSubnet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a reading of a cluster's Neutron says differs from what Ultron made there: the commands that record it.
 * Ultron's IPAM is the source of truth for pools, so a subnet whose pools are not exactly the cluster's slices has
 * drifted, whichever way. What looks as Ultron made it gives no command, so a quiet sync stores nothing; the
 * aggregates decide again on their own state (a view may lag behind them), so a command for a difference already
 * recorded, or already being repaired, is harmless.
 */
final class NetworkDrift {

    private NetworkDrift() {
    }

    /**
     * @param pools    the cluster's share of Ultron's subnets, as the pool view has them; only those Neutron has
     *                 confirmed ({@code READY}) are compared, the others are on their way there
     * @param observed the cluster's {@code ultron-*} subnets as read
     */
    static List<Object> subnetCommands(ClusterId cluster, List<IpPoolView> pools, List<ObservedSubnet> observed,
                                       Instant observedAt) {
        Map<String, ObservedSubnet> byName = new HashMap<>();
        for (ObservedSubnet subnet : observed) {
            byName.put(subnet.name(), subnet);
        }
        List<Object> commands = new ArrayList<>();
        for (IpPoolView pool : pools) {
            if (!"READY".equals(pool.provisioningStatus()) || pool.pools().isEmpty()) {
                continue;
            }
            ObservedSubnet seen = byName.get(OpenStack4jNetworks.neutronName(pool.subnetId()));
            List<String> seenPools = seen == null ? List.of()
                    : seen.allocationPools().stream().map(range -> range.start() + "-" + range.end()).toList();
            if (seen == null || !samePools(pool.pools(), seenPools)) {
                commands.add(new RecordNeutronSubnetDriftCommand(VpcId.of(pool.vpcId()), SubnetId.of(pool.subnetId()),
                        cluster, seen == null ? null : seen.id(), seenPools, observedAt));
            }
        }
        return commands;
    }

    /**
     * @param known    Ultron's built servers of the cluster (ACTIVE, STOPPED, ERROR)
     * @param servers  every server of the cluster as read in the same (full) sync: a server whose Nova server is not
     *                 there has vanished, which {@link ServerDrift} records, and its port is no matter any more
     * @param ports    the cluster's {@code ultron-*} ports as read
     */
    static List<Object> portCommands(List<ServerView> known, List<ObservedServer> servers, List<ObservedPort> ports,
                                     Instant observedAt) {
        Set<String> novaServers = new HashSet<>();
        for (ObservedServer server : servers) {
            if (!server.deleted()) {
                novaServers.add(server.state().serverId());
            }
        }
        Map<String, ObservedPort> byName = new HashMap<>();
        for (ObservedPort port : ports) {
            byName.put(port.name(), port);
        }
        List<Object> commands = new ArrayList<>();
        for (ServerView server : known) {
            ServerStatus status = ServerStatus.valueOf(server.status());
            if (!status.running() || server.novaServerId() == null || server.address() == null
                    || !novaServers.contains(server.novaServerId())) {
                continue;
            }
            String name = OpenStack4jCompute.openStackName(server.id());
            ObservedPort port = byName.get(name);
            String drift = null;
            if (port == null) {
                drift = "no port " + name + " in the cluster";
            } else if (!port.fixedIps().contains(server.address())) {
                drift = "port " + port.id() + " holds " + port.fixedIps() + ", not " + server.address();
            } else if (status != ServerStatus.ERROR && !port.deviceId().equals(server.novaServerId())) {
                // Nova refuses to plug a port into a server in ERROR, so such a server's port is not asked to be plugged
                drift = "port " + port.id() + " is bound to '" + port.deviceId() + "', not Nova server " + server.novaServerId();
            }
            if (drift != null) {
                commands.add(new RecordServerPortDriftCommand(ServerId.of(server.id()),
                        port == null ? PortDrift.MISSING : PortDrift.CHANGED, server.novaServerId(), drift, observedAt));
            }
        }
        return commands;
    }

    /** The {@code ultron.sync.drift} kind of a command this class makes, or null for another command. */
    /**
     * The ports named after a server ({@code ultron-<serverId>}) that is not one of the cluster's servers owning a Nova
     * server (it failed, was deleted, moved to another cluster, or never was here): leftovers, deleted after
     * {@code grace}. A server's port is made before its Nova server, so {@code owning} must hold the servers still
     * being provisioned too.
     */
    static List<Object> leftoverPortCommands(ClusterId cluster, List<ServerView> owning, List<ObservedPort> ports, Duration grace,
                                             Instant observedAt) {
        Set<String> owners = new HashSet<>();
        owning.forEach(server -> owners.add(OpenStack4jCompute.openStackName(server.id())));
        List<Object> commands = new ArrayList<>();
        for (ObservedPort port : ports) {
            if (port.name() != null && port.name().startsWith(UnownedKind.ULTRON_PREFIX) && !owners.contains(port.name())) {
                commands.add(new RecordLeftoverPortCommand(LeftoverPortId.of(cluster, port.id()), cluster, port.id(), port.name(),
                        port.fixedIps(), grace, observedAt));
            }
        }
        return commands;
    }

    static String kind(Object command) {
        if (command instanceof RecordNeutronSubnetDriftCommand subnet) {
            return subnet.neutronSubnetId() == null ? "subnet-missing" : "pools-changed";
        }
        if (command instanceof RecordServerPortDriftCommand port) {
            return port.drift() == PortDrift.MISSING ? "port-missing" : "port-changed";
        }
        if (command instanceof RecordLeftoverPortCommand) {
            return "leftover-port";
        }
        return null;
    }

    private static boolean samePools(List<String> expected, List<String> seen) {
        return expected.size() == seen.size() && new HashSet<>(expected).equals(new HashSet<>(seen));
    }
}
