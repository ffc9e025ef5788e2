package io.ultron.sim.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A Neutron security group with its rules. Guarded by the cluster lock. */
final class SecurityGroup {

    record Rule(String id, String securityGroupId, String direction, String ethertype, String protocol,
                Integer portRangeMin, Integer portRangeMax, String remoteIpPrefix, String remoteGroupId,
                String description, Instant createdAt) {

        boolean sameAs(Rule other) {
            return direction.equals(other.direction) && ethertype.equals(other.ethertype)
                    && java.util.Objects.equals(protocol, other.protocol)
                    && java.util.Objects.equals(portRangeMin, other.portRangeMin)
                    && java.util.Objects.equals(portRangeMax, other.portRangeMax)
                    && java.util.Objects.equals(remoteIpPrefix, other.remoteIpPrefix)
                    && java.util.Objects.equals(remoteGroupId, other.remoteGroupId);
        }
    }

    final String id;
    String name;
    String description;
    final String projectId;
    final Instant createdAt;
    Instant updatedAt;
    int revision = 1;
    final List<Rule> rules = new ArrayList<>();

    SecurityGroup(String id, String name, String description, String projectId, Instant now) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.projectId = projectId;
        this.createdAt = now;
        this.updatedAt = now;
    }
}
