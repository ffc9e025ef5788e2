package io.ultron.command.compute;

import io.ultron.api.cluster.Capability;
import java.util.Objects;

/**
 * What one server of a batch needs from a cluster: its flavor's vCPUs and RAM, and where it boots from.
 *
 * @param bootDisk {@link Capability#CLOUD_DISK} (boot from a volume) or {@link Capability#LOCAL_DISK}
 *                 (boot from the hypervisor's disk); a cluster is chosen only if it has this capability
 */
public record ServerShape(int vcpus, int ramMb, Capability bootDisk) {

    public ServerShape {
        if (vcpus <= 0) {
            throw new IllegalArgumentException("a server needs at least one vCPU: " + vcpus);
        }
        if (ramMb <= 0) {
            throw new IllegalArgumentException("a server needs some RAM: " + ramMb + " MB");
        }
        Objects.requireNonNull(bootDisk, "bootDisk");
        if (bootDisk != Capability.CLOUD_DISK && bootDisk != Capability.LOCAL_DISK) {
            throw new IllegalArgumentException("a server boots from CLOUD_DISK or LOCAL_DISK, not " + bootDisk);
        }
    }
}
