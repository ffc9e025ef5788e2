package io.ultron.api.network;

/**
 * The answer to {@link AllocateIpCommand}: an address, or "not yet" while the slices that will serve the
 * cluster are being made real in Neutron (the top-up is recorded; the caller retries after a moment).
 */
public sealed interface IpAllocationOutcome {

    /**
     * @param neutronNetworkId the cluster's Neutron network for the subnet (ports with this address go there)
     * @param neutronSubnetId  the cluster's Neutron subnet whose pools hold the address
     */
    record Allocated(String address, SubnetId subnetId, String clusterId, String neutronNetworkId,
                     String neutronSubnetId) implements IpAllocationOutcome {
    }

    record Pending(String reason) implements IpAllocationOutcome {
    }

    /** The request broke a rule; only in answers to {@link AllocateIpsCommand}, where one refusal must not fail the batch. */
    record Refused(io.ultron.api.error.ErrorKind kind, String code, String message) implements IpAllocationOutcome {
    }
}
