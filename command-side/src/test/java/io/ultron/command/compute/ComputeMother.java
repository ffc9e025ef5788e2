package io.ultron.command.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterStatus;
import java.util.EnumSet;
import java.util.Set;

/** Server shapes and clusters for placement tests. */
final class ComputeMother {

    /** 2 vCPUs, 4 GB, boots from a volume. */
    static final ServerShape CLOUD_SMALL = new ServerShape(2, 4096, Capability.CLOUD_DISK);
    /** 2 vCPUs, 4 GB, boots from the hypervisor's disk. */
    static final ServerShape LOCAL_SMALL = new ServerShape(2, 4096, Capability.LOCAL_DISK);

    static final Set<Capability> BOTH_DISKS = EnumSet.of(Capability.CLOUD_DISK, Capability.LOCAL_DISK);
    static final Set<Capability> CLOUD_DISK_ONLY = EnumSet.of(Capability.CLOUD_DISK);

    private ComputeMother() {
    }

    /** An ACTIVE cluster with both disks and exactly {@code servers} servers of a small shape of room in every resource. */
    static ClusterCandidate activeWithRoomFor(String clusterId, int servers) {
        return new ClusterCandidate(clusterId, ClusterStatus.ACTIVE, BOTH_DISKS, 2L * servers, 4096L * servers, 0, 0,
                servers);
    }

    static ClusterCandidate drainingWithRoomFor(String clusterId, int servers) {
        return new ClusterCandidate(clusterId, ClusterStatus.DRAINING, BOTH_DISKS, 2L * servers, 4096L * servers, 0, 0,
                servers);
    }

    static ClusterCandidate cloudDiskOnlyWithRoomFor(String clusterId, int servers) {
        return new ClusterCandidate(clusterId, ClusterStatus.ACTIVE, CLOUD_DISK_ONLY, 2L * servers, 4096L * servers, 0,
                0, servers);
    }

    static ClusterCandidate active(String clusterId, long freeVcpus, long freeRamMb, long reservedVcpus,
                                   long reservedRamMb, int freeAddresses) {
        return new ClusterCandidate(clusterId, ClusterStatus.ACTIVE, BOTH_DISKS, freeVcpus, freeRamMb, reservedVcpus,
                reservedRamMb, freeAddresses);
    }
}
