-- Read models of VPCs, subnets, per-cluster IP pools and addresses, written by NetworkViewProjection.

CREATE TABLE vpc_view (
    id         VARCHAR(64)  NOT NULL,
    area       VARCHAR(64)  NOT NULL,
    tenant     VARCHAR(128) NOT NULL,
    name       VARCHAR(128) NOT NULL,
    department VARCHAR(128),
    purpose    VARCHAR(128),
    cidr       VARCHAR(18)  NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_vpc_view_tenant (tenant)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE subnet_view (
    id         VARCHAR(64)  NOT NULL,
    vpc_id     VARCHAR(64)  NOT NULL,
    idc        VARCHAR(128) NOT NULL,
    cidr       VARCHAR(18)  NOT NULL,
    gateway    VARCHAR(15)  NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_subnet_view_vpc (vpc_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per subnet x cluster: its slices, their size and use, and whether Neutron has them yet.
CREATE TABLE ip_pool_view (
    subnet_id            VARCHAR(64)   NOT NULL,
    cluster_id           VARCHAR(64)   NOT NULL,
    vpc_id               VARCHAR(64)   NOT NULL,
    slices               VARCHAR(32)   NOT NULL,
    pools                VARCHAR(512)  NOT NULL,
    total                INT           NOT NULL,
    used                 INT           NOT NULL,
    revision             INT           NOT NULL,
    provisioned_revision INT           NOT NULL,
    provisioning_status  VARCHAR(16)   NOT NULL,
    last_error           VARCHAR(1024),
    failed_attempts      INT           NOT NULL,
    neutron_network_id   VARCHAR(64),
    neutron_subnet_id    VARCHAR(64),
    updated_at           TIMESTAMP(6)  NOT NULL,
    PRIMARY KEY (subnet_id, cluster_id),
    KEY ix_ip_pool_view_vpc (vpc_id),
    KEY ix_ip_pool_view_cluster (cluster_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Who holds each address now.
CREATE TABLE ip_allocation_view (
    address      VARCHAR(15)  NOT NULL,
    vpc_id       VARCHAR(64)  NOT NULL,
    subnet_id    VARCHAR(64)  NOT NULL,
    cluster_id   VARCHAR(64)  NOT NULL,
    owner        VARCHAR(255) NOT NULL,
    allocated_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (address),
    KEY ix_ip_allocation_subnet (subnet_id),
    KEY ix_ip_allocation_owner (owner)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every allocation and release of every address, for "who had it, when, from which request".
CREATE TABLE ip_history_view (
    event_id   VARCHAR(64)  NOT NULL,
    address    VARCHAR(15)  NOT NULL,
    action     VARCHAR(16)  NOT NULL,
    vpc_id     VARCHAR(64)  NOT NULL,
    subnet_id  VARCHAR(64)  NOT NULL,
    cluster_id VARCHAR(64)  NOT NULL,
    owner      VARCHAR(255) NOT NULL,
    trace_id   VARCHAR(128),
    occurred_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (event_id),
    KEY ix_ip_history_address (address, occurred_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Last event of each VPC applied to the tables above: older deliveries are skipped, so replays are harmless.
CREATE TABLE network_view_position (
    vpc_id   VARCHAR(64) NOT NULL,
    sequence BIGINT      NOT NULL,
    PRIMARY KEY (vpc_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
