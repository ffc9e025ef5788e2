package io.ultron.sagas.openstack;

import io.ultron.sagas.openstack.OpenStackNetworks.EnsureSubnet;
import io.ultron.sagas.openstack.OpenStackNetworks.IpRange;

import java.util.List;

/** Object mother for subnet requests. */
public final class Subnets {

    private Subnets() {
    }

    /** 11.0.4.0/22, gateway .1, one pool over the first /24 after the gateway. */
    public static EnsureSubnet slash22(String ultronSubnetId) {
        return new EnsureSubnet(ultronSubnetId, "11.0.4.0/22", "11.0.4.1",
                List.of(new IpRange("11.0.4.10", "11.0.4.250")));
    }

    static List<IpRange> twoPools() {
        return List.of(new IpRange("11.0.5.1", "11.0.5.100"), new IpRange("11.0.6.1", "11.0.6.50"));
    }
}
