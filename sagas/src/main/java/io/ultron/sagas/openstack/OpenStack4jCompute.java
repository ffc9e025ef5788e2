package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.IP;
import org.openstack4j.openstack.compute.domain.NovaServer;
import org.openstack4j.openstack.networking.domain.NeutronPort;

import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link OpenStackCompute} over OpenStack4j. The port and the server of an Ultron server are both named
 * {@code ultron-<ultronServerId>}, the server also carries {@code ultron_id} in its metadata.
 * <p>
 * Neither Neutron's port create nor Nova's server create is idempotent, so no create is ever repeated blindly:
 * every attempt first looks the resource up by name and creates it only if it is missing, and when a create is
 * answered with a 5xx or not answered at all (it may have happened anyway) the attempt looks again before it
 * gives up. Only then does the retry policy try the whole attempt again, lookup first.
 */
public class OpenStack4jCompute implements OpenStackCompute {

    private static final String NAME_PREFIX = "ultron-";

    /** The metadata key that ties a Nova server to its Ultron server. */
    public static final String ULTRON_ID = "ultron_id";
    /** The metadata key that keeps the Ultron server's own name. */
    public static final String ULTRON_NAME = "ultron_name";

    private static final Comparator<NovaServer> OLDEST_FIRST = Comparator.comparing(NovaServer::getCreated,
            Comparator.nullsLast(Comparator.<Date>naturalOrder()));

    private final OpenStackCallRunner runner;

    public OpenStack4jCompute(OpenStackCallRunner runner) {
        this.runner = runner;
    }

    /** The name of the Neutron port and the Nova server that stand for an Ultron server. */
    public static String openStackName(String ultronServerId) {
        return NAME_PREFIX + ultronServerId;
    }

    @Override
    public CompletableFuture<String> createPort(ClusterId cluster, CreatePort request, String traceId) {
        String name = openStackName(request.ultronServerId());
        String operation = "create port " + name;
        return runner.run(cluster, operation, true, traceId, neutron -> {
            Supplier<Optional<NeutronPort>> lookup = () -> neutron.portsNamed(name).stream().findFirst();
            NeutronPort port = createdOrFound(lookup,
                    () -> neutron.createPort(name, request.neutronNetworkId(), request.neutronSubnetId(),
                            request.fixedIp()));
            if (!matches(port, request)) {
                throw OpenStackCallException.of(cluster, operation, OpenStackCallException.Reason.CONFLICT,
                        "Neutron port " + port.getId() + " is on network " + port.getNetworkId() + " with addresses "
                                + addresses(port) + ", not on " + request.neutronNetworkId() + " with "
                                + request.fixedIp());
            }
            return port.getId();
        });
    }

    @Override
    public CompletableFuture<String> bootServer(ClusterId cluster, BootServer request, String traceId) {
        String name = openStackName(request.ultronServerId());
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        if (request.name() != null) {
            metadata.put(ULTRON_NAME, request.name());
        }
        metadata.put(ULTRON_ID, request.ultronServerId());
        CompletableFuture<Void> portSecured = request.securityGroups().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : runner.run(cluster, "set security groups of port " + request.portId(), true, traceId, neutron -> {
                    neutron.setPortSecurityGroups(request.portId(), neutron.securityGroupIds(request.securityGroups()));
                    return null;
                });
        return portSecured.thenCompose(secured -> runner.runNova(cluster, "boot server " + name, true, traceId,
                nova -> createdOrFound(
                        () -> oldest(nova.serversNamed(name)),
                        () -> nova.createServer(name, request.flavorRef(), request.imageRef(), request.bootVolumeGb(),
                                request.portId(), metadata))
                        .getId()));
    }

    @Override
    public CompletableFuture<Optional<ServerState>> serverStatus(ClusterId cluster, String ultronServerId,
                                                                 String traceId) {
        String name = openStackName(ultronServerId);
        return runner.runNova(cluster, "server status of " + name, true, traceId,
                nova -> oldest(nova.serversNamed(name)).map(OpenStack4jCompute::state));
    }

    @Override
    public CompletableFuture<Map<String, ServerState>> serversChangedSince(ClusterId cluster, java.time.Instant since,
                                                                           String traceId) {
        return runner.runNova(cluster, "servers changed since " + since, true, traceId, nova -> {
            Map<String, ServerState> states = new java.util.HashMap<>();
            for (var server : nova.servers(NAME_PREFIX, since)) {
                states.merge(server.getName().substring(NAME_PREFIX.length()), state(server), (first, second) -> first);
            }
            return states;
        });
    }

    @Override
    public CompletableFuture<List<ObservedServer>> listServers(ClusterId cluster, java.time.Instant changesSince,
                                                               String traceId) {
        return runner.runNova(cluster, changesSince == null ? "list servers" : "list servers changed since " + changesSince,
                true, traceId, nova -> nova.servers(null, changesSince).stream()
                        .map(server -> new ObservedServer(server.getName(), state(server)))
                        .toList());
    }

    @Override
    public CompletableFuture<String> repairPort(ClusterId cluster, RepairPort request, String traceId) {
        String name = openStackName(request.ultronServerId());
        String subnetName = OpenStack4jNetworks.neutronName(request.ultronSubnetId());
        String operation = "repair port " + name;
        CompletableFuture<NeutronPort> ported = runner.run(cluster, operation, true, traceId, neutron -> {
            String networkId = neutron.networkNamed(subnetName).map(network -> network.getId())
                    .orElseThrow(() -> OpenStackCallException.of(cluster, operation, OpenStackCallException.Reason.REJECTED,
                            "Neutron has no network " + subnetName));
            String subnetId = neutron.subnetNamed(networkId, subnetName).map(subnet -> subnet.getId())
                    .orElseThrow(() -> OpenStackCallException.of(cluster, operation, OpenStackCallException.Reason.REJECTED,
                            "Neutron has no subnet " + subnetName));
            Optional<NeutronPort> keep = Optional.empty();
            for (NeutronPort port : neutron.portsNamed(name)) {
                boolean asMade = networkId.equals(port.getNetworkId()) && addresses(port).contains(request.fixedIp())
                        && (isBlank(port.getDeviceId()) || port.getDeviceId().equals(request.novaServerId()));
                if (asMade && keep.isEmpty()) {
                    keep = Optional.of(port);
                } else {
                    // it holds another address, or belongs to another server: it goes, the address comes back below
                    neutron.deletePort(port.getId());
                }
            }
            return keep.orElseGet(() -> createdOrFound(() -> neutron.portsNamed(name).stream().findFirst(),
                    () -> neutron.createPort(name, networkId, subnetId, request.fixedIp())));
        });
        return ported.thenCompose(port -> !request.attach() || request.novaServerId().equals(port.getDeviceId())
                ? CompletableFuture.completedFuture(port.getId())
                : runner.runNova(cluster, "attach port " + port.getId() + " to server " + request.novaServerId(), true,
                        traceId, nova -> {
                            // looked up first, so that a retry after an unanswered attach does not attach twice
                            if (!nova.interfacePortIds(request.novaServerId()).contains(port.getId())) {
                                nova.attachInterface(request.novaServerId(), port.getId());
                            }
                            return port.getId();
                        }));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** Deletes every server named after the Ultron server; a 404 is checked by looking them up again. */
    @Override
    public CompletableFuture<Void> deleteServer(ClusterId cluster, String ultronServerId, String traceId) {
        String name = openStackName(ultronServerId);
        String operation = "delete server " + name;
        return runner.runNova(cluster, operation, true, traceId, nova -> {
            NamedDeletion.deleteAll(cluster, operation, () -> nova.serversNamed(name), NovaServer::getId, nova::deleteServer);
            return null;
        });
    }

    /** A 404 is what was wanted: the server is gone. */
    @Override
    public CompletableFuture<Void> deleteServerById(ClusterId cluster, String novaServerId, String traceId) {
        return runner.runNova(cluster, "delete server " + novaServerId, true, traceId, nova -> {
            nova.deleteServer(novaServerId);
            return null;
        });
    }

    @Override
    public CompletableFuture<String> nameAdoptedServer(ClusterId cluster, String novaServerId, String ultronServerId,
                                                       String address, String traceId) {
        String name = openStackName(ultronServerId);
        return runner.runNova(cluster, "name server " + novaServerId + " " + name, true, traceId, nova -> {
            nova.renameServer(novaServerId, name);
            return null;
        }).thenCompose(named -> runner.run(cluster, "name the port of server " + novaServerId + " " + name, true, traceId,
                neutron -> {
                    NeutronPort port = neutron.portsOfDevice(novaServerId).stream()
                            .filter(candidate -> candidate.getFixedIps() != null
                                    && candidate.getFixedIps().stream().anyMatch(ip -> address.equals(ip.getIpAddress())))
                            .findFirst().orElse(null);
                    if (port == null) {
                        return null;
                    }
                    if (!name.equals(port.getName())) {
                        neutron.renamePort(port.getId(), name);
                    }
                    return port.getId();
                }));
    }

    /** Deletes every port named after the Ultron server; a 404 is checked by looking them up again. */
    @Override
    public CompletableFuture<Void> deletePort(ClusterId cluster, String ultronServerId, String traceId) {
        String name = openStackName(ultronServerId);
        String operation = "delete port " + name;
        return runner.run(cluster, operation, true, traceId, neutron -> {
            NamedDeletion.deleteAll(cluster, operation, () -> neutron.portsNamed(name), NeutronPort::getId,
                    neutron::deletePort);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> startServer(ClusterId cluster, String ultronServerId, String traceId) {
        return act(cluster, ultronServerId, "start", "os-start", null, Server.Status.ACTIVE, traceId);
    }

    @Override
    public CompletableFuture<Void> stopServer(ClusterId cluster, String ultronServerId, String traceId) {
        return act(cluster, ultronServerId, "stop", "os-stop", null, Server.Status.SHUTOFF, traceId);
    }

    @Override
    public CompletableFuture<Void> rebootServer(ClusterId cluster, String ultronServerId, String traceId) {
        return act(cluster, ultronServerId, "reboot", "reboot", Map.of("type", "SOFT"), null, traceId);
    }

    /**
     * One server action. With {@code doneWhen}, a server already in that status needs nothing, which also makes
     * the action safe to retry after an unanswered request; without it the action is sent once.
     */
    private CompletableFuture<Void> act(ClusterId cluster, String ultronServerId, String verb, String action,
                                        Object argument, Server.Status doneWhen, String traceId) {
        String name = openStackName(ultronServerId);
        String operation = verb + " server " + name;
        return runner.runNova(cluster, operation, doneWhen != null, traceId, nova -> {
            NovaServer server = oldest(nova.serversNamed(name)).orElseThrow(() -> OpenStackCallException.of(cluster,
                    operation, OpenStackCallException.Reason.REJECTED, "Nova holds no server " + name));
            if (doneWhen == null || server.getStatus() != doneWhen) {
                nova.action(server.getId(), action, argument);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<ComputeCapacity> capacity(ClusterId cluster, String traceId) {
        return runner.runNova(cluster, "hypervisor statistics", true, traceId, nova -> {
            var statistics = nova.hypervisorStatistics();
            return new ComputeCapacity(statistics.getVirtualCPU(), statistics.getVirtualUsedCPU(),
                    statistics.getMemory(), statistics.getMemoryUsed(), statistics.getRunningVM(),
                    statistics.getCount());
        });
    }

    /**
     * The resource the lookup finds, else the one created now. When the create fails in a way that leaves its
     * outcome unknown (a 5xx, no answer), the resource is looked up once more: found, it is the one just created;
     * not found (or the lookup failing too), the create's failure stands and the retry policy may try again.
     */
    private static <T> T createdOrFound(Supplier<Optional<T>> lookup, Supplier<T> create) {
        Optional<T> existing = lookup.get();
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return create.get();
        } catch (OpenStackCallException failed) {
            if (!failed.countsAgainstCluster()) {
                throw failed;
            }
            Optional<T> createdAnyway;
            try {
                createdAnyway = lookup.get();
            } catch (OpenStackCallException lookupFailed) {
                failed.addSuppressed(lookupFailed);
                throw failed;
            }
            return createdAnyway.orElseThrow(() -> failed);
        }
    }

    private static Optional<NovaServer> oldest(List<NovaServer> servers) {
        return servers.stream().min(OLDEST_FIRST);
    }

    private static boolean matches(NeutronPort port, CreatePort request) {
        return Objects.equals(port.getNetworkId(), request.neutronNetworkId())
                && (request.fixedIp() == null || addresses(port).contains(request.fixedIp()));
    }

    private static List<String> addresses(NeutronPort port) {
        return port.getFixedIps() == null ? List.of()
                : port.getFixedIps().stream().map(IP::getIpAddress).toList();
    }

    private static ServerState state(NovaServer server) {
        Server.Status status = server.getStatus();
        List<String> addresses = server.getAddresses() == null || server.getAddresses().getAddresses() == null
                ? List.of()
                : server.getAddresses().getAddresses().values().stream()
                        .flatMap(List::stream)
                        .map(Address::getAddr)
                        .toList();
        return new ServerState(server.getId(), status == null ? "UNKNOWN" : status.name(),
                server.getFault() == null ? null : server.getFault().getMessage(), server.getHost(), addresses);
    }
}
