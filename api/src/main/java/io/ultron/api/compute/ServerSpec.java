package io.ultron.api.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.network.VpcId;

import java.util.List;

/**
 * What a user asks for when creating a server (or, with {@code name} as the prefix, each server of a batch).
 *
 * @param flavor         a flavor name of Ultron's flavor catalog ({@code ultron.compute.flavors})
 * @param image          a Glance image id
 * @param bootDisk       {@link Capability#CLOUD_DISK} (a Cinder volume of {@code diskGb}) or
 *                       {@link Capability#LOCAL_DISK} (the hypervisor's disk)
 * @param securityGroups Neutron security group names for the server's port (may be empty)
 * @param preemptible    may be reclaimed by the platform; recorded as Nova metadata
 */
public record ServerSpec(String tenant, String name, VpcId vpcId, String idc, String flavor, String image,
                         Capability bootDisk, int diskGb, List<String> securityGroups, boolean preemptible) {

    public ServerSpec {
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }

    public ServerSpec named(String serverName) {
        return new ServerSpec(tenant, serverName, vpcId, idc, flavor, image, bootDisk, diskGb, securityGroups, preemptible);
    }
}
