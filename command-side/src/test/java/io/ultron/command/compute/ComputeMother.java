package io.ultron.command.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
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

    static ServerShape randomShape(Random random) {
        return new ServerShape(1 + random.nextInt(16), 512 * (1 + random.nextInt(64)),
                random.nextBoolean() ? Capability.CLOUD_DISK : Capability.LOCAL_DISK);
    }

    /**
     * Up to eight clusters {@code az0..}: mostly ACTIVE, random capabilities, Nova figures from overcommitted to
     * plenty, some of it already reserved, a few hundred addresses or none.
     */
    static List<ClusterCandidate> randomCandidates(Random random, int clusterCount) {
        List<ClusterCandidate> candidates = new ArrayList<>();
        for (int i = 0; i < clusterCount; i++) {
            Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
            for (Capability capability : Capability.values()) {
                if (random.nextInt(4) != 0) {
                    capabilities.add(capability);
                }
            }
            long freeVcpus = random.nextInt(2000) - 50;
            long freeRamMb = random.nextInt(4_000_000) - 20_000;
            candidates.add(new ClusterCandidate("az" + i,
                    random.nextInt(4) == 0 ? ClusterStatus.DRAINING : ClusterStatus.ACTIVE, capabilities,
                    freeVcpus, freeRamMb, random.nextInt(1000), random.nextInt(2_000_000), random.nextInt(300)));
        }
        return candidates;
    }
}
