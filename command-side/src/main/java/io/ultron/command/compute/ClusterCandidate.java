package io.ultron.command.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterStatus;
import java.util.Objects;
import java.util.Set;

/**
 * One cluster of the IDC as placement sees it.
 *
 * @param freeVcpus      free vCPUs from Nova's hypervisor statistics (negative when the cluster is overcommitted)
 * @param freeRamMb      free RAM in MB from Nova's hypervisor statistics (negative when overcommitted)
 * @param reservedVcpus  vCPUs already reserved for other in-flight batches, not yet visible in Nova's statistics
 * @param reservedRamMb  RAM already reserved for other in-flight batches
 * @param freeAddresses  addresses the cluster can still hand out in the VPC's subnets in this IDC: its free
 *                       addresses plus what it could still get, less those reserved for in-flight batches
 */
public record ClusterCandidate(String clusterId, ClusterStatus status, Set<Capability> capabilities, long freeVcpus,
                               long freeRamMb, long reservedVcpus, long reservedRamMb, int freeAddresses) {

    public ClusterCandidate {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(status, "status");
        capabilities = Set.copyOf(capabilities);
        if (reservedVcpus < 0 || reservedRamMb < 0) {
            throw new IllegalArgumentException("cluster " + clusterId + ": reservations are never negative: "
                    + reservedVcpus + " vCPUs, " + reservedRamMb + " MB");
        }
        if (freeAddresses < 0) {
            throw new IllegalArgumentException("cluster " + clusterId + ": free addresses are never negative: "
                    + freeAddresses);
        }
    }

    /** True when the cluster takes new work (ACTIVE) and can boot servers the way {@code shape} needs. */
    public boolean accepts(ServerShape shape) {
        return status == ClusterStatus.ACTIVE && capabilities.contains(shape.bootDisk());
    }

    /**
     * How many servers of {@code shape} still fit: the least of what the unreserved vCPUs, the unreserved RAM and
     * the free addresses allow; never negative.
     */
    public int roomFor(ServerShape shape) {
        long byVcpus = Math.max(0, freeVcpus - reservedVcpus) / shape.vcpus();
        long byRam = Math.max(0, freeRamMb - reservedRamMb) / shape.ramMb();
        return (int) Math.min(Math.min(byVcpus, byRam), freeAddresses);
    }

    /** This cluster once {@code reservation} is held as well: more reserved capacity, fewer free addresses. */
    public ClusterCandidate withReservation(Reservation reservation) {
        if (reservation.addresses() > freeAddresses) {
            throw new IllegalArgumentException("cluster " + clusterId + " has " + freeAddresses
                    + " free addresses, cannot reserve " + reservation.addresses());
        }
        return new ClusterCandidate(clusterId, status, capabilities, freeVcpus, freeRamMb,
                Math.addExact(reservedVcpus, reservation.vcpus()), Math.addExact(reservedRamMb, reservation.ramMb()),
                freeAddresses - reservation.addresses());
    }
}
