package io.ultron.api.network;

import io.ultron.api.cluster.ClusterId;

import java.util.List;

/**
 * The /25 slices a cluster owns in a subnet changed (first plan or a top-up), or /26 halves were lent between
 * clusters. {@code pools} are the Neutron allocation pools for exactly the addresses the cluster may hand out
 * ("first-last"): its slices minus the halves it lent out ({@code loans} with it as lender) plus the halves it
 * borrowed ({@code loans} with it as borrower). {@code revision} orders the changes of one subnet in one cluster.
 * New addresses are handed out only after {@link ClusterSlicesProvisionedEvent}; lent-out halves stop at once.
 *
 * @param loans the half-slice loans of this subnet that this cluster takes part in; empty in events written
 *              before loans existed
 */
public record ClusterSlicesChangedEvent(VpcId vpcId, SubnetId subnetId, String idc, String cidr, String gateway,
                                        ClusterId clusterId, List<Integer> slices, List<String> pools, int revision,
                                        String reason, List<HalfSliceLoan> loans) {

    public ClusterSlicesChangedEvent {
        loans = loans == null ? List.of() : List.copyOf(loans);
    }

    /** A change without loans. */
    public ClusterSlicesChangedEvent(VpcId vpcId, SubnetId subnetId, String idc, String cidr, String gateway,
                                     ClusterId clusterId, List<Integer> slices, List<String> pools, int revision,
                                     String reason) {
        this(vpcId, subnetId, idc, cidr, gateway, clusterId, slices, pools, revision, reason, List.of());
    }
}
