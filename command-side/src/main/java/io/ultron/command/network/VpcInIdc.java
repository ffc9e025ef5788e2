package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the exhaustion policy sees of a VPC from one IDC.
 *
 * @param vpcBlock       the VPC's /20
 * @param vpcSubnets     every /22 of the VPC, in any IDC (a VPC holds at most four)
 * @param idcSubnets     the VPC's subnets in this IDC, with owners and addresses in use
 * @param activeClusters the IDC's active clusters (at most eight)
 */
public record VpcInIdc(Cidr vpcBlock, Set<Cidr> vpcSubnets, List<SubnetOccupancy> idcSubnets,
                       SortedSet<String> activeClusters) {

    public static final int MAX_SUBNETS_PER_VPC = 4;

    public VpcInIdc {
        if (vpcBlock == null || vpcBlock.prefix() != AddressSpacePlanner.VPC_PREFIX) {
            throw new IllegalArgumentException("a VPC block is a /" + AddressSpacePlanner.VPC_PREFIX + ", not " + vpcBlock);
        }
        vpcSubnets = Set.copyOf(vpcSubnets);
        if (vpcSubnets.size() > MAX_SUBNETS_PER_VPC) {
            throw new IllegalArgumentException("VPC " + vpcBlock + " holds at most " + MAX_SUBNETS_PER_VPC
                    + " subnets, got " + vpcSubnets.size());
        }
        for (Cidr subnet : vpcSubnets) {
            if (subnet.prefix() != SlicePlan.SUBNET_PREFIX || !vpcBlock.contains(subnet)) {
                throw new IllegalArgumentException("subnet " + subnet + " is not a /" + SlicePlan.SUBNET_PREFIX
                        + " of VPC " + vpcBlock);
            }
        }
        idcSubnets = idcSubnets.stream().sorted(Comparator.comparing(SubnetOccupancy::subnet)).toList();
        Set<Cidr> seen = new HashSet<>();
        for (SubnetOccupancy subnet : idcSubnets) {
            if (!vpcSubnets.contains(subnet.subnet())) {
                throw new IllegalArgumentException("subnet " + subnet.subnet() + " is not one of VPC " + vpcBlock + "'s subnets");
            }
            if (!seen.add(subnet.subnet())) {
                throw new IllegalArgumentException("subnet " + subnet.subnet() + " is listed twice");
            }
        }
        activeClusters = Collections.unmodifiableSortedSet(new TreeSet<>(activeClusters));
        if (activeClusters.size() > SlicePlanner.MAX_CLUSTERS) {
            throw new IllegalArgumentException("an IDC has at most " + SlicePlanner.MAX_CLUSTERS + " active clusters, got "
                    + activeClusters.size());
        }
    }

    public static VpcInIdc of(Cidr vpcBlock, Set<Cidr> vpcSubnets, List<SubnetOccupancy> idcSubnets,
                              Set<String> activeClusters) {
        return new VpcInIdc(vpcBlock, vpcSubnets, idcSubnets, new TreeSet<>(activeClusters));
    }

    /** Free addresses of {@code cluster} over the VPC's subnets in this IDC. */
    public int freeOf(String cluster) {
        return idcSubnets.stream().mapToInt(s -> s.freeOf(cluster)).sum();
    }

    public Optional<SubnetOccupancy> subnet(Cidr subnet) {
        return idcSubnets.stream().filter(s -> s.subnet().equals(subnet)).findFirst();
    }

    /** The lowest /22 of the VPC block that is not yet a subnet, when the VPC may still grow. */
    public Optional<Cidr> nextFreeSubnet() {
        if (vpcSubnets.size() >= MAX_SUBNETS_PER_VPC) {
            return Optional.empty();
        }
        return vpcBlock.split(SlicePlan.SUBNET_PREFIX).stream().filter(s -> !vpcSubnets.contains(s)).findFirst();
    }
}
