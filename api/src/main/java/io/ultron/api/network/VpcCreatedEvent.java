package io.ultron.api.network;

public record VpcCreatedEvent(VpcId vpcId, String area, String tenant, String name, String department, String purpose,
                              String cidr) {
}
