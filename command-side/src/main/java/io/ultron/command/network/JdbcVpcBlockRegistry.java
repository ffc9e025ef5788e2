package io.ultron.command.network;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.Cidr;
import io.ultron.api.network.VpcId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Claims live in {@code vpc_block_claim} (the block is the primary key), written in the command's
 * transaction. The address space is locked for the few statements of a claim, so concurrent VPC
 * creations line up instead of racing for the same lowest block.
 */
@Component
class JdbcVpcBlockRegistry implements VpcBlockRegistry {

    private final JdbcTemplate jdbc;
    private final AddressSpacePlanner planner;

    JdbcVpcBlockRegistry(JdbcTemplate jdbc, AddressSpacePlanner planner) {
        this.jdbc = jdbc;
        this.planner = planner;
    }

    @Override
    public Cidr claim(VpcId vpcId, String department, String purpose) {
        jdbc.update("INSERT INTO address_space_lock (space) VALUES (?) ON DUPLICATE KEY UPDATE space = space", planner.space().toString());
        List<Cidr> allocated = jdbc.queryForList("SELECT block FROM vpc_block_claim", String.class).stream().map(Cidr::parse).toList();
        Set<ReservationHolder> holder = new HashSet<>();
        if (department != null && !department.isBlank()) {
            holder.add(ReservationHolder.department(department));
        }
        if (purpose != null && !purpose.isBlank()) {
            holder.add(ReservationHolder.purpose(purpose));
        }
        Cidr block = planner.nextFreeBlock(allocated, holder).orElseThrow(() -> new DomainException(ErrorKind.RULE_VIOLATION,
                "address-space-exhausted", "no free /20 left in " + planner.space()));
        try {
            jdbc.update("INSERT INTO vpc_block_claim (block, vpc_id) VALUES (?, ?)", block.toString(), vpcId.value());
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("block " + block + " claimed twice despite the address-space lock", e);
        }
        return block;
    }

    @Override
    public void release(VpcId vpcId, Cidr block) {
        jdbc.update("DELETE FROM vpc_block_claim WHERE block = ? AND vpc_id = ?", block.toString(), vpcId.value());
    }
}
