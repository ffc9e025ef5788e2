package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Neutron side of Ultron's subnets, as the sagas need it. Every call runs on the cluster's bounded
 * executor under the fleet-wide concurrency cap and completes its future there; no caller thread waits
 * on HTTP. Every call is idempotent: resources are found by the Ultron id in their name before anything
 * is created, so a retry never makes a second network or subnet. A future that fails, fails with an
 * {@link OpenStackCallException} once the adapter's own retries are exhausted; its {@code retryable()} tells the
 * saga whether trying again later (by deadline) makes sense. The trace id is sent as
 * {@code X-OpenStack-Request-ID} (see {@link RequestIds}).
 */
public interface OpenStackNetworks {

    /**
     * Finds or creates the Neutron network {@code ultron-<ultronSubnetId>} and, in it, the subnet of the same
     * name with the given CIDR, gateway and allocation pools (pools are set to exactly these if the subnet exists).
     */
    CompletableFuture<NeutronSubnet> ensureSubnet(ClusterId cluster, EnsureSubnet request, String traceId);

    /** Replaces the allocation pools of an existing Neutron subnet. */
    CompletableFuture<Void> updateAllocationPools(ClusterId cluster, String neutronSubnetId, List<IpRange> pools, String traceId);

    /** Deletes the subnet and network named after the Ultron subnet, if they exist. */
    CompletableFuture<Void> deleteSubnet(ClusterId cluster, String ultronSubnetId, String traceId);

    /**
     * The cluster's subnets named {@code ultron-*} (Ultron's), every page of them. For sync: Ultron's subnets are few
     * (at most four per VPC and IDC), so they are read on every sync.
     */
    CompletableFuture<List<ObservedSubnet>> listSubnets(ClusterId cluster, String traceId);

    /** The cluster's ports named {@code ultron-*} (Ultron's servers' ports), every page of them. For sync. */
    CompletableFuture<List<ObservedPort>> listPorts(ClusterId cluster, String traceId);

    /** Deletes one port by its id, whatever its name (a leftover); done at once if there is none. */
    CompletableFuture<Void> deletePortById(ClusterId cluster, String portId, String traceId);

    /** @param cidr e.g. {@code 11.0.4.0/22}; @param gateway e.g. {@code 11.0.4.1} */
    record EnsureSubnet(String ultronSubnetId, String cidr, String gateway, List<IpRange> allocationPools) {
    }

    /** An inclusive address range, as Neutron's allocation pools are written. */
    record IpRange(String start, String end) {
    }

    record NeutronSubnet(String networkId, String subnetId) {
    }

    /** A Neutron subnet as a listing shows it; {@code name} is {@code ultron-<ultronSubnetId>}. */
    record ObservedSubnet(String id, String name, String networkId, String cidr, List<IpRange> allocationPools) {

        public ObservedSubnet {
            allocationPools = allocationPools == null ? List.of() : List.copyOf(allocationPools);
        }
    }

    /**
     * A Neutron port as a listing shows it; {@code name} is {@code ultron-<ultronServerId>}.
     *
     * @param deviceId the Nova server it is bound to, "" when unbound
     * @param fixedIps its addresses
     */
    record ObservedPort(String id, String name, String networkId, String deviceId, List<String> fixedIps, String status) {

        public ObservedPort {
            deviceId = deviceId == null ? "" : deviceId;
            fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
        }
    }
}
