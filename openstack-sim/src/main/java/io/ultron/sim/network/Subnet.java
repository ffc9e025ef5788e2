package io.ultron.sim.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Neutron IPv4 subnet and the addresses allocated in it. Guarded by the cluster lock. */
final class Subnet {

    /** An inclusive address range of automatic allocation. */
    record Pool(long start, long end) {
        boolean contains(long address) {
            return address >= start && address <= end;
        }
    }

    final String id;
    String name;
    final String networkId;
    final String projectId;
    final Ipv4.Cidr cidr;
    Long gateway;
    boolean enableDhcp;
    List<Pool> pools = new ArrayList<>();
    List<String> dnsNameservers = new ArrayList<>();
    final Instant createdAt;
    Instant updatedAt;
    int revision = 1;
    /** address to the id of the port holding it */
    final Map<Long, String> allocated = new HashMap<>();

    Subnet(String id, String name, String networkId, String projectId, Ipv4.Cidr cidr, Long gateway, Instant now) {
        this.id = id;
        this.name = name;
        this.networkId = networkId;
        this.projectId = projectId;
        this.cidr = cidr;
        this.gateway = gateway;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Addresses of the pools that are neither allocated nor the gateway. */
    long freeInPools() {
        long free = 0;
        for (Pool pool : pools) {
            free += pool.end() - pool.start() + 1;
            if (gateway != null && pool.contains(gateway)) {
                free--;
            }
        }
        for (long address : allocated.keySet()) {
            if (pools.stream().anyMatch(pool -> pool.contains(address))) {
                free--;
            }
        }
        return free;
    }

    /** Lowest free address of the allocation pools, or -1. */
    long nextFree() {
        for (Pool pool : pools) {
            for (long address = pool.start(); address <= pool.end(); address++) {
                if (!allocated.containsKey(address) && (gateway == null || address != gateway)) {
                    return address;
                }
            }
        }
        return -1;
    }
}
