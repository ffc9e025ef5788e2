package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.VpcId;

/** Hands out /20 blocks of 11.0.0.0/8 to VPCs, never one block to two VPCs, and takes them back. */
public interface VpcBlockRegistry {

    /**
     * Claims the lowest free block the VPC may have (reserved ranges only for their department or purpose),
     * inside the caller's transaction.
     *
     * @throws io.ultron.api.error.DomainException RULE_VIOLATION when the address space is exhausted
     */
    Cidr claim(VpcId vpcId, String department, String purpose);

    void release(VpcId vpcId, Cidr block);
}
