package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Nova side of Ultron's servers (and the Neutron port each one boots on), as the sagas need it. Every call
 * runs on the cluster's bounded executor under the fleet-wide concurrency cap and completes its future there; no
 * caller thread waits on HTTP. Every OpenStack resource made here is named {@code ultron-<ultronServerId>} and
 * found by that name before anything is created, so calling again (or the adapter retrying) never makes a second
 * port or server. A future that fails, fails with an {@link OpenStackCallException} once the adapter's own retries
 * are exhausted; its {@code retryable()} tells the saga whether trying again later (by deadline) makes sense. The
 * trace id is sent as {@code X-OpenStack-Request-ID} (see {@link RequestIds}).
 */
public interface OpenStackCompute {

    /**
     * Finds or creates the Neutron port {@code ultron-<ultronServerId>} with the fixed address in the subnet.
     * Fails, not retryable, with {@link OpenStackCallException.Reason#ADDRESS_IN_USE} when another port holds the
     * address, and with {@link OpenStackCallException.Reason#CONFLICT} when the named port exists with another
     * address or on another network.
     *
     * @return the Neutron port id
     */
    CompletableFuture<String> createPort(ClusterId cluster, CreatePort request, String traceId);

    /**
     * Finds or boots the Nova server {@code ultron-<ultronServerId>} (metadata {@code ultron_id=<ultronServerId>})
     * on the port, after giving the port the request's security groups (Nova leaves the groups of a port it is
     * handed alone). The server may still be building when the future completes: follow it with
     * {@link #serverStatus}. A security group name the project does not have exactly once fails, not retryable,
     * with {@link OpenStackCallException.Reason#REJECTED}.
     *
     * @return the Nova server id
     */
    CompletableFuture<String> bootServer(ClusterId cluster, BootServer request, String traceId);

    /** The server named after the Ultron server, or empty if Nova holds none. */
    CompletableFuture<Optional<ServerState>> serverStatus(ClusterId cluster, String ultronServerId, String traceId);

    /**
     * The Ultron servers of the cluster that changed since {@code since} (Nova's {@code changes-since}), by Ultron
     * server id: one call for many servers, for watching builds.
     */
    CompletableFuture<Map<String, ServerState>> serversChangedSince(ClusterId cluster, java.time.Instant since,
                                                                    String traceId);

    /**
     * Every server of the cluster, whatever its name; with {@code changesSince}, only those changed since then,
     * deleted ones included (status {@code DELETED}). For sync.
     */
    CompletableFuture<List<ObservedServer>> listServers(ClusterId cluster, java.time.Instant changesSince, String traceId);

    /**
     * Puts the port {@code ultron-<ultronServerId>} back as Ultron made it, for sync's repair: a port of that name
     * that is on the subnet's network with the address, and unbound or bound to the Nova server, is kept; any other
     * of that name is deleted and a new one made with exactly that address (never another). With {@code attach} the
     * port is then plugged into the Nova server (Nova's os-interface) unless it already is. Fails, not retryable,
     * with {@link OpenStackCallException.Reason#ADDRESS_IN_USE} when another port holds the address, and with
     * {@link OpenStackCallException.Reason#REJECTED} when Neutron has no network or subnet for the Ultron subnet.
     *
     * @return the Neutron port id
     */
    CompletableFuture<String> repairPort(ClusterId cluster, RepairPort request, String traceId);

    /** Deletes the server named after the Ultron server; done at once if there is none. */
    CompletableFuture<Void> deleteServer(ClusterId cluster, String ultronServerId, String traceId);

    /**
     * Deletes one Nova server by its id, whatever its name (a leftover may share its name with a server Ultron owns);
     * done at once if there is none.
     */
    CompletableFuture<Void> deleteServerById(ClusterId cluster, String novaServerId, String traceId);

    /**
     * Adoption: names a Nova server made outside Ultron, and its port that holds {@code address}, after the Ultron
     * server ({@code ultron-<ultronServerId>}), as if Ultron had made them; idempotent. Answers the port's id (null
     * when the server has no port holding the address).
     */
    CompletableFuture<String> nameAdoptedServer(ClusterId cluster, String novaServerId, String ultronServerId, String address,
                                                String traceId);

    /** Deletes the port named after the Ultron server; done at once if there is none. */
    CompletableFuture<Void> deletePort(ClusterId cluster, String ultronServerId, String traceId);

    /**
     * Starts the server named after the Ultron server; done at once if it is already ACTIVE. Nova acts on the
     * request after it answered, so the server may still be starting when the future completes. Fails, not
     * retryable, with {@link OpenStackCallException.Reason#REJECTED} when Nova holds no such server or refuses
     * the action in the server's state.
     */
    CompletableFuture<Void> startServer(ClusterId cluster, String ultronServerId, String traceId);

    /** Stops the server named after the Ultron server; done at once if it is already SHUTOFF. As {@link #startServer}. */
    CompletableFuture<Void> stopServer(ClusterId cluster, String ultronServerId, String traceId);

    /**
     * Soft-reboots the server named after the Ultron server. Not retried after an unanswered request: a reboot
     * cannot tell whether it happened already. Otherwise as {@link #startServer}.
     */
    CompletableFuture<Void> rebootServer(ClusterId cluster, String ultronServerId, String traceId);

    /** Nova's hypervisor statistics of the cluster, for placement. */
    CompletableFuture<ComputeCapacity> capacity(ClusterId cluster, String traceId);

    /** @param fixedIp the address the port must have, e.g. {@code 11.0.4.23}; null lets Neutron pick one from the pools */
    record CreatePort(String ultronServerId, String neutronNetworkId, String neutronSubnetId, String fixedIp) {
    }

    /**
     * @param ultronSubnetId the Ultron subnet whose Neutron network and subnet ({@code ultron-<ultronSubnetId>}) hold
     *                       the address
     * @param novaServerId   the Nova server the port belongs to
     * @param attach         plug the port into the Nova server (not for a server in ERROR: Nova refuses it)
     */
    record RepairPort(String ultronServerId, String ultronSubnetId, String fixedIp, String novaServerId, boolean attach) {
    }

    /**
     * @param name           the name people know the server by, kept in the metadata as {@code ultron_name} (Nova
     *                       names the server {@code ultron-<ultronServerId>})
     * @param flavorRef      a Nova flavor id
     * @param imageRef       a Glance image id
     * @param bootVolumeGb   null: boot from the image on the hypervisor's disk; else boot from a new Cinder volume
     *                       of this size made from the image, deleted with the server
     * @param portId         the port from {@link #createPort}
     * @param securityGroups names of the project's Neutron security groups the port gets (empty: the port keeps its
     *                       own)
     * @param metadata       more server metadata; {@code ultron_id} is always set to the Ultron server id
     */
    record BootServer(String ultronServerId, String name, String flavorRef, String imageRef, Integer bootVolumeGb,
                      String portId, List<String> securityGroups, Map<String, String> metadata) {

        public BootServer {
            securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }

    /**
     * @param status       Nova's status word: {@code BUILD}, {@code ACTIVE}, {@code ERROR}, ...
     * @param faultMessage Nova's fault message, set when the server is in {@code ERROR}
     * @param host         the compute host, once scheduled
     * @param addresses    the server's fixed addresses
     */
    record ServerState(String serverId, String status, String faultMessage, String host, List<String> addresses) {

        public ServerState {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }

        public boolean active() {
            return "ACTIVE".equals(status);
        }

        public boolean failed() {
            return "ERROR".equals(status);
        }
    }

    /** A server as a listing shows it: its Nova name (Ultron's are {@code ultron-<ultronServerId>}) and state. */
    record ObservedServer(String name, ServerState state) {

        public boolean deleted() {
            return "DELETED".equals(state.status()) || "SOFT_DELETED".equals(state.status());
        }
    }

    /** Nova's hypervisor statistics: the cluster's capacity and what of it is used. */
    record ComputeCapacity(long vcpus, long vcpusUsed, long memoryMb, long memoryMbUsed, long runningVms,
                           int hypervisors) {

        public long freeVcpus() {
            return vcpus - vcpusUsed;
        }

        public long freeMemoryMb() {
            return memoryMb - memoryMbUsed;
        }
    }
}
