package io.ultron.sim.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A Neutron port. Guarded by the cluster lock. */
final class Port {

    record FixedIp(String subnetId, long address) {
    }

    final String id;
    String name;
    final String networkId;
    final String projectId;
    final String macAddress;
    final List<FixedIp> fixedIps = new ArrayList<>();
    List<String> securityGroupIds = new ArrayList<>();
    String deviceId = "";
    String deviceOwner = "";
    String hostId = "";
    String status = "DOWN";
    final Instant createdAt;
    Instant updatedAt;
    int revision = 1;

    Port(String id, String name, String networkId, String projectId, String macAddress, Instant now) {
        this.id = id;
        this.name = name;
        this.networkId = networkId;
        this.projectId = projectId;
        this.macAddress = macAddress;
        this.createdAt = now;
        this.updatedAt = now;
    }
}
