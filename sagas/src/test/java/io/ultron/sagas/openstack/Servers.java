package io.ultron.sagas.openstack;

import io.ultron.sagas.openstack.OpenStackCompute.BootServer;
import io.ultron.sagas.openstack.OpenStackCompute.CreatePort;
import io.ultron.sagas.openstack.OpenStackNetworks.NeutronSubnet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Object Mother for the compute side: Ultron server ids, fixed addresses, port and boot requests. */
public final class Servers {

    /** The simulator's cirros image: its images have the same name-based ids in every cluster. */
    public static final String CIRROS = UUID.nameUUIDFromBytes("cirros-0.6.2-x86_64".getBytes(StandardCharsets.UTF_8))
            .toString();
    /** m1.medium: 2 vCPU. */
    public static final String MEDIUM = "3";
    /** c2.4xlarge: 16 vCPU, more than a small host has. */
    public static final String HUGE = "c2.4xlarge";

    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    private Servers() {
    }

    public static String newUltronId() {
        return "srv-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh address in {@link Subnets#slash22}, outside its pool so Neutron never hands it out by itself. */
    public static String newFixedIp() {
        return "11.0.5." + NEXT_ADDRESS.getAndIncrement();
    }

    static CreatePort port(String ultronId, NeutronSubnet subnet, String fixedIp) {
        return new CreatePort(ultronId, subnet.networkId(), subnet.subnetId(), fixedIp);
    }

    static BootServer boot(String ultronId, String portId) {
        return boot(ultronId, portId, MEDIUM);
    }

    static BootServer boot(String ultronId, String portId, String flavor) {
        return new BootServer(ultronId, "web-" + ultronId, flavor, CIRROS, null, portId, List.of(),
                Map.of("vpc", "vpc-test"));
    }

    /** Boots from a new volume of {@code diskGb} made from the image. */
    static BootServer bootFromVolume(String ultronId, String portId, int diskGb) {
        return new BootServer(ultronId, "web-" + ultronId, MEDIUM, CIRROS, diskGb, portId, List.of(),
                Map.of("vpc", "vpc-test"));
    }

    static BootServer bootWithSecurityGroups(String ultronId, String portId, List<String> securityGroups) {
        return new BootServer(ultronId, "web-" + ultronId, MEDIUM, CIRROS, null, portId, securityGroups,
                Map.of("vpc", "vpc-test"));
    }
}
