package io.ultron.sim.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.ClusterSettings;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.compute.ServerView;
import io.ultron.sim.http.Json;
import io.ultron.sim.network.AllocationPool;
import io.ultron.sim.network.NetworkView;
import io.ultron.sim.network.PortView;
import io.ultron.sim.network.SubnetView;
import io.ultron.sim.volume.VolumeView;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The admin API in Java; {@code /admin/...} over HTTP calls exactly these methods. */
public final class SimulatorAdmin {

    private static final List<String> COUNTERS = List.of("failNextCalls", "failNextStatus", "holdNextCalls", "failNextBuilds",
            "loseNextDeletes");

    /** The fault message of {@link #breakServer} when none is given. */
    public static final String DEFAULT_FAULT = "broken by the simulator";

    private final Map<String, Cluster> clusters;
    private final RequestLog requestLog;

    public SimulatorAdmin(Map<String, Cluster> clusters, RequestLog requestLog) {
        this.clusters = clusters;
        this.requestLog = requestLog;
    }

    public List<String> clusterNames() {
        return List.copyOf(clusters.keySet());
    }

    public List<ClusterStatus> clusters() {
        return clusters.keySet().stream().map(this::cluster).toList();
    }

    public ClusterStatus cluster(String name) {
        Cluster cluster = require(name);
        synchronized (cluster.lock()) {
            var faults = cluster.faults();
            return new ClusterStatus(name, cluster.keystoneUrl(), cluster.settings(),
                    new ClusterStatus.PendingFaults(faults.failNextCalls(), faults.failNextStatus(),
                            faults.holdNextCalls(), faults.failNextBuilds(), faults.loseNextDeletes()),
                    cluster.compute().views().size(), cluster.network().portViews().size(),
                    cluster.volumes().views().size());
        }
    }

    public ClusterSettings settings(String name) {
        return require(name).settings();
    }

    /** Replaces the cluster's settings; in-flight boots keep the time they were given. */
    public ClusterSettings configure(String name, UnaryOperator<ClusterSettings.Builder> change) {
        Cluster cluster = require(name);
        ClusterSettings updated = change.apply(cluster.settings().toBuilder()).build();
        cluster.settings(updated);
        return updated;
    }

    /** The next {@code count} service calls of the cluster fail with {@code status} (500 or 503). */
    public void failNextCalls(String name, int count, int status) {
        require(name).faults().failNextCalls(count, status);
    }

    /** The next {@code count} service calls are held for the cluster's holdMillis, then get a 504. */
    public void holdNextCalls(String name, int count) {
        require(name).faults().holdNextCalls(count);
    }

    /** The next {@code count} server builds end in ERROR "No valid host was found". */
    public void failNextBuilds(String name, int count) {
        require(name).faults().failNextBuilds(count);
    }

    /**
     * The next {@code count} DELETE calls of the cluster's services are answered 404 and delete nothing, as a
     * foreign OpenStack may answer for a resource it still holds.
     */
    public void loseNextDeletes(String name, int count) {
        require(name).faults().loseNextDeletes(count);
    }

    /** Forgets every token of the cluster, so clients see 401 and must authenticate again. */
    public void expireTokens(String name) {
        require(name).tokens().revokeAll();
    }

    /**
     * Applies a JSON merge patch: any {@link ClusterSettings} field, plus the counters
     * failNextCalls (with failNextStatus), holdNextCalls, failNextBuilds and loseNextDeletes.
     *
     * @throws IllegalArgumentException when a field is unknown or a value is out of range
     */
    public ClusterStatus patch(String name, JsonNode patch) {
        Cluster cluster = require(name);
        if (!patch.isObject()) {
            throw new IllegalArgumentException("the patch must be a JSON object");
        }
        ObjectNode settingsPatch = ((ObjectNode) patch).deepCopy();
        settingsPatch.remove(COUNTERS);
        ObjectNode merged = Json.MAPPER.valueToTree(cluster.settings());
        merged.setAll(settingsPatch);
        ClusterSettings updated;
        try {
            updated = Json.MAPPER.treeToValue(merged, ClusterSettings.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException(cause.getMessage(), e);
        }
        cluster.settings(updated);
        if (patch.has("failNextCalls")) {
            failNextCalls(name, patch.path("failNextCalls").asInt(), patch.path("failNextStatus").asInt(500));
        }
        if (patch.has("holdNextCalls")) {
            holdNextCalls(name, patch.path("holdNextCalls").asInt());
        }
        if (patch.has("failNextBuilds")) {
            failNextBuilds(name, patch.path("failNextBuilds").asInt());
        }
        if (patch.has("loseNextDeletes")) {
            loseNextDeletes(name, patch.path("loseNextDeletes").asInt());
        }
        return cluster(name);
    }

    public List<ServerView> servers(String name) {
        return locked(name, cluster -> cluster.compute().views());
    }

    public List<PortView> ports(String name) {
        return locked(name, cluster -> cluster.network().portViews());
    }

    public List<NetworkView> networks(String name) {
        return locked(name, cluster -> cluster.network().networkViews());
    }

    public List<SubnetView> subnets(String name) {
        return locked(name, cluster -> cluster.network().subnetViews());
    }

    public List<VolumeView> volumes(String name) {
        return locked(name, cluster -> cluster.volumes().views());
    }

    // ---- changes behind the client's back: straight on the stores, never faulted or rate limited

    /**
     * One server that exists.
     *
     * @throws NoSuchElementException when the cluster or the server is unknown (a deleted server too)
     */
    public ServerView server(String name, String serverId) {
        return locked(name, cluster -> cluster.compute().view(serverId));
    }

    /** SHUTOFF from any state, as os-stop does from ACTIVE; its {@code updated} moves. */
    public ServerView stopServer(String name, String serverId) {
        return locked(name, cluster -> cluster.compute().stop(serverId));
    }

    /**
     * ERROR (vm_state error) with that fault, as a failed hypervisor leaves a server; its {@code updated} moves.
     *
     * @param fault the fault message; null for {@value #DEFAULT_FAULT}
     */
    public ServerView breakServer(String name, String serverId, String fault) {
        return locked(name, cluster -> cluster.compute().breakServer(serverId, fault == null ? DEFAULT_FAULT : fault));
    }

    /**
     * Moves the server to another host of the cluster, as a migration would: the host and hypervisor Nova
     * reports, the binding host of its ports and the hosts' usage follow; its {@code updated} moves.
     *
     * @param host a host of the cluster (even a full one), or null for the next host that has room
     * @throws IllegalArgumentException when the host is unknown or already holds the server
     * @throws IllegalStateException    when no host was named and no other host has room
     */
    public ServerView moveServer(String name, String serverId, String host) {
        return locked(name, cluster -> cluster.compute().move(serverId, host));
    }

    /**
     * Deletes the server as Nova's DELETE does: the ports Nova made for it go, ports given to it are unbound,
     * and a tombstone (status DELETED) stays for changes-since listings.
     */
    public void deleteServer(String name, String serverId) {
        locked(name, cluster -> {
            cluster.compute().adminDelete(serverId);
            return null;
        });
    }

    /**
     * Creates an unbound port named {@code portName} with an address of the subnet, as someone else's Neutron POST
     * would (a stray port, say, left by a failed clean-up). Answers its id.
     */
    public String createPort(String name, String subnetId, String portName) {
        return locked(name, cluster -> {
            String networkId = cluster.network().subnetViews().stream().filter(subnet -> subnet.id().equals(subnetId))
                    .findFirst().orElseThrow(() -> new java.util.NoSuchElementException("no subnet " + subnetId)).networkId();
            var body = Json.object();
            body.putObject("port").put("network_id", networkId).put("name", portName)
                    .putArray("fixed_ips").addObject().put("subnet_id", subnetId);
            return cluster.network().createPort(body).path("id").asText();
        });
    }

    /** Deletes the Neutron port; Nova drops it from the server it was plugged into, as it does on Neutron's event. */
    public void deletePort(String name, String portId) {
        locked(name, cluster -> {
            String serverId = cluster.network().adminDeletePort(portId);
            cluster.compute().portDeleted(serverId, portId);
            return null;
        });
    }

    /**
     * Deletes the Neutron subnet as someone else's Neutron DELETE would; its network stays.
     *
     * @throws java.util.NoSuchElementException when there is no such subnet
     * @throws IllegalStateException            when Neutron would refuse with 409 (a port holds an address of it)
     */
    public void deleteSubnet(String name, String subnetId) {
        locked(name, cluster -> {
            cluster.network().adminDeleteSubnet(subnetId);
            return null;
        });
    }

    /**
     * Replaces the subnet's allocation pools, checked as Neutron checks a PUT; addresses already allocated stay.
     *
     * @throws IllegalArgumentException when Neutron would refuse the pools with 400 (outside the CIDR, overlapping)
     * @throws IllegalStateException    when Neutron would refuse them with 409 (a pool holding the gateway)
     */
    public SubnetView replaceAllocationPools(String name, String subnetId, List<AllocationPool> pools) {
        return locked(name, cluster -> cluster.network().replacePools(subnetId, pools));
    }

    /**
     * Creates the servers at once, ACTIVE on a host each, without boot time, quota, faults or rate limit; all or
     * nothing.
     *
     * @return the new servers' ids, in creation order
     * @throws NoSuchElementException when the named network or subnet does not exist
     * @throws IllegalStateException  when the hosts or the subnet's pools have no room for them all
     */
    public List<String> seedServers(String name, ServerSeed seed) {
        return locked(name, cluster -> {
            String subnetId = cluster.network().seedSubnet(seed.networkId(), seed.subnetId(), seed.count());
            return cluster.compute().seed(seed.count(), seed.prefix(), subnetId);
        });
    }

    /** Requests whose simulator or caller request id is {@code requestId}. */
    public List<RequestRecord> requests(String requestId) {
        return requestLog.find(requestId, null, Integer.MAX_VALUE);
    }

    /** @param requestId null for any; @param cluster null for any */
    public List<RequestRecord> requests(String requestId, String cluster, int limit) {
        return requestLog.find(requestId, cluster, limit);
    }

    public void clearRequests() {
        requestLog.clear();
    }

    /** Runs under the cluster's lock, so the change is atomic to every API call of the cluster. */
    private <T> T locked(String name, Function<Cluster, T> action) {
        Cluster cluster = require(name);
        synchronized (cluster.lock()) {
            return action.apply(cluster);
        }
    }

    private Cluster require(String name) {
        Cluster cluster = clusters.get(name);
        if (cluster == null) {
            throw new NoSuchElementException("no cluster named " + name);
        }
        return cluster;
    }
}
