package io.ultron.api.network;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Several allocations in one VPC handled in one transaction (one append, one commit), in order. Answers one
 * {@link IpAllocationOutcome} per request; a refused request does not affect the others.
 */
public record AllocateIpsCommand(@TargetAggregateIdentifier VpcId vpcId, List<IpRequest> requests) {

    /**
     * One caller's request, with the trace id, actor and actor's API key id (null for internal callers) its events
     * must carry. {@code callerTenants}: a restricted REST caller's tenants (see {@code TenantScope}); a VPC of
     * another tenant refuses the request as not found. Null for unrestricted and internal callers. {@code reuseHeld}: when the owner already holds an address of the cluster in the subnet's IDC,
     * answer that one instead of a new one. {@code quotaReservation}: the address a REST allocation reserved in the
     * tenant's quota, carried into the allocation's event metadata (the quota's usage consumes it); null for others.
     */
    public record IpRequest(SubnetId subnetId, io.ultron.api.cluster.ClusterId clusterId, String owner, String traceId,
                            String actor, String actorKeyId, java.util.Set<String> callerTenants, boolean reuseHeld,
                            String quotaReservation) {

        public IpRequest(SubnetId subnetId, io.ultron.api.cluster.ClusterId clusterId, String owner, String traceId,
                         String actor, String actorKeyId, java.util.Set<String> callerTenants, boolean reuseHeld) {
            this(subnetId, clusterId, owner, traceId, actor, actorKeyId, callerTenants, reuseHeld, null);
        }
    }
}
