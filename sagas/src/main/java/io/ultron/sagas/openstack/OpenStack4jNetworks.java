package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import org.openstack4j.model.network.Pool;
import org.openstack4j.openstack.networking.domain.NeutronNetwork;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link OpenStackNetworks} over OpenStack4j. Resources carry the Ultron subnet id in their name
 * ({@code ultron-<ultronSubnetId>}) and are looked up by it before anything is created, so every operation is
 * idempotent and may be retried as a whole.
 */
public class OpenStack4jNetworks implements OpenStackNetworks {

    private final OpenStackCallRunner runner;

    public OpenStack4jNetworks(OpenStackCallRunner runner) {
        this.runner = runner;
    }

    private static final String NAME_PREFIX = "ultron-";

    /** The name of the Neutron network and subnet that stand for an Ultron subnet. */
    public static String neutronName(String ultronSubnetId) {
        return NAME_PREFIX + ultronSubnetId;
    }

    @Override
    public CompletableFuture<NeutronSubnet> ensureSubnet(ClusterId cluster, EnsureSubnet request, String traceId) {
        String name = neutronName(request.ultronSubnetId());
        return runner.run(cluster, "ensure subnet " + name, true, traceId, neutron -> {
            NeutronNetwork network = neutron.networkNamed(name).orElseGet(() -> neutron.createNetwork(name));
            var existing =
                    neutron.subnetNamed(network.getId(), name);
            if (existing.isEmpty()) {
                var created = neutron.createSubnet(network.getId(), name, request.cidr(), request.gateway(),
                        request.allocationPools());
                return new NeutronSubnet(network.getId(), created.getId());
            }
            var subnet = existing.get();
            if (!request.cidr().equals(subnet.getCidr())) {
                throw OpenStackCallException.of(cluster, "ensure subnet " + name,
                        OpenStackCallException.Reason.REJECTED, "Neutron subnet " + subnet.getId() + " has CIDR "
                                + subnet.getCidr() + ", not " + request.cidr());
            }
            if (!samePools(subnet.getAllocationPools(), request.allocationPools())) {
                neutron.updatePools(subnet.getId(), request.allocationPools());
            }
            return new NeutronSubnet(network.getId(), subnet.getId());
        });
    }

    @Override
    public CompletableFuture<List<ObservedSubnet>> listSubnets(ClusterId cluster, String traceId) {
        return runner.run(cluster, "list subnets", true, traceId, neutron -> neutron.subnets().stream()
                .filter(subnet -> subnet.getName() != null && subnet.getName().startsWith(NAME_PREFIX))
                .map(subnet -> new ObservedSubnet(subnet.getId(), subnet.getName(), subnet.getNetworkId(), subnet.getCidr(),
                        subnet.getAllocationPools() == null ? List.of() : subnet.getAllocationPools().stream()
                                .map(pool -> new IpRange(pool.getStart(), pool.getEnd())).toList()))
                .toList());
    }

    /**
     * Read in full only: Neutron's {@code changed_since} filter lists ports changed since then, but never a deleted
     * one (Neutron keeps no tombstones), and a port deleted outside is the drift that matters most.
     */
    @Override
    public CompletableFuture<List<ObservedPort>> listPorts(ClusterId cluster, String traceId) {
        return runner.run(cluster, "list ports", true, traceId, neutron -> neutron.ports().stream()
                .filter(port -> port.getName() != null && port.getName().startsWith(NAME_PREFIX))
                .map(port -> new ObservedPort(port.getId(), port.getName(), port.getNetworkId(), port.getDeviceId(),
                        port.getFixedIps() == null ? List.of()
                                : port.getFixedIps().stream().map(org.openstack4j.model.network.IP::getIpAddress).toList(),
                        port.getState() == null ? null : port.getState().name()))
                .toList());
    }

    @Override
    public CompletableFuture<Void> updateAllocationPools(ClusterId cluster, String neutronSubnetId, List<IpRange> pools,
                                                         String traceId) {
        return runner.run(cluster, "update allocation pools of subnet " + neutronSubnetId, true, traceId, neutron -> {
            neutron.updatePools(neutronSubnetId, pools);
            return null;
        });
    }

    /** A 404 is what was wanted: the port is gone. */
    @Override
    public CompletableFuture<Void> deletePortById(ClusterId cluster, String portId, String traceId) {
        return runner.run(cluster, "delete port " + portId, true, traceId, neutron -> {
            neutron.deletePort(portId);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> deleteSubnet(ClusterId cluster, String ultronSubnetId, String traceId) {
        String name = neutronName(ultronSubnetId);
        String operation = "delete subnet " + name;
        return runner.run(cluster, operation, true, traceId, neutron -> {
            // a 404 is checked by looking the subnet (and then the network) up by name again
            Optional<NeutronNetwork> network = neutron.networkNamed(name);
            if (network.isPresent()) {
                String networkId = network.get().getId();
                NamedDeletion.deleteAll(cluster, operation, () -> neutron.subnetNamed(networkId, name).stream().toList(),
                        org.openstack4j.openstack.networking.domain.NeutronSubnet::getId, neutron::deleteSubnet);
                NamedDeletion.deleteAll(cluster, operation, () -> neutron.networkNamed(name).stream().toList(),
                        NeutronNetwork::getId, neutron::deleteNetwork);
            }
            return null;
        });
    }

    private static boolean samePools(List<? extends Pool> actual, List<IpRange> wanted) {
        List<IpRange> current = actual == null ? List.of()
                : actual.stream().map(pool -> new IpRange(pool.getStart(), pool.getEnd())).toList();
        return current.size() == wanted.size() && new HashSet<>(current).equals(new HashSet<>(wanted));
    }
}
