package io.ultron.api.network;

/** The VPC is gone and its /20 is back in the address space. */
public record VpcDeletedEvent(VpcId vpcId, String cidr) {
}
