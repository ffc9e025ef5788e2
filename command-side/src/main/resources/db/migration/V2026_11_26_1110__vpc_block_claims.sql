-- Which /20 of 11.0.0.0/8 belongs to which VPC: the primary key makes a block impossible to hand out twice.
CREATE TABLE vpc_block_claim (
    block  VARCHAR(18) NOT NULL,
    vpc_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (block),
    UNIQUE KEY uk_vpc_block_claim_vpc (vpc_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per address space, locked while a VPC picks its block.
CREATE TABLE address_space_lock (
    space VARCHAR(18) NOT NULL,
    PRIMARY KEY (space)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
