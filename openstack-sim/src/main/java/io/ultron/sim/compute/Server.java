package io.ultron.sim.compute;

import io.ultron.sim.network.NetworkStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Nova server. Guarded by the cluster lock. */
final class Server {
    final String id;
    String name;
    final Flavor flavor;
    final String imageId;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<String> securityGroups = new ArrayList<>();
    final String keyName;
    final String availabilityZone;
    final int sequence;
    String status = "BUILD";
    String vmState = "building";
    String taskState = "spawning";
    int powerState;
    /** index of the host holding its resources, -1 when none was found */
    int hostIndex = -1;
    String faultMessage;
    String faultDetails;
    Instant faultAt;
    final Instant createdAt;
    Instant updatedAt;
    Instant launchedAt;
    /** set when Nova deleted it: it stays as a tombstone that only changes-since listings show */
    boolean deleted;
    Instant terminatedAt;
    /** its addresses when it was deleted, for the tombstone */
    List<NetworkStore.BoundAddress> lastAddresses = List.of();
    final List<String> portIds = new ArrayList<>();
    /** ports Nova created for "networks: [{uuid}]" entries; deleted with the server */
    final Set<String> ownedPortIds = new HashSet<>();
    final List<String> volumeIds = new ArrayList<>();
    /** boot volumes Nova made from block_device_mapping_v2; deleted with the server */
    final Set<String> deleteOnTermination = new HashSet<>();

    Server(String id, String name, Flavor flavor, String imageId, String keyName, String availabilityZone,
           int sequence, Instant now) {
        this.id = id;
        this.name = name;
        this.flavor = flavor;
        this.imageId = imageId;
        this.keyName = keyName;
        this.availabilityZone = availabilityZone;
        this.sequence = sequence;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Every change of status goes through here, so {@code updated} (what changes-since reads) follows it. */
    void state(String newStatus, String newVmState, String newTaskState, int newPowerState, Instant now) {
        status = newStatus;
        vmState = newVmState;
        taskState = newTaskState;
        powerState = newPowerState;
        updatedAt = now;
    }

    void fault(String message, String details, Instant now) {
        faultMessage = message;
        faultDetails = details;
        faultAt = now;
    }
}
