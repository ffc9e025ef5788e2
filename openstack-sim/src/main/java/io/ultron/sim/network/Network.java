package io.ultron.sim.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A Neutron network. Guarded by the cluster lock. */
final class Network {
    final String id;
    String name;
    final String projectId;
    final Instant createdAt;
    Instant updatedAt;
    int revision = 1;
    boolean shared;
    final List<String> subnetIds = new ArrayList<>();

    Network(String id, String name, String projectId, Instant now, boolean shared) {
        this.id = id;
        this.name = name;
        this.projectId = projectId;
        this.createdAt = now;
        this.updatedAt = now;
        this.shared = shared;
    }
}
