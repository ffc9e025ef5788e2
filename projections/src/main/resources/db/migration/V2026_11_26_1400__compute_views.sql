-- Read models of servers and batches, written by ComputeViewProjection (rebuildable: both tables are
-- rebuilt and swapped together, gated by server_view's row in projection_gate).

-- One row per server ever requested; DELETED rows stay (history), lists hide them unless asked for.
CREATE TABLE server_view (
    id              VARCHAR(64)   NOT NULL,
    batch_id        VARCHAR(64)   NOT NULL,
    tenant          VARCHAR(128)  NOT NULL,
    name            VARCHAR(255)  NOT NULL,
    vpc_id          VARCHAR(64)   NOT NULL,
    idc             VARCHAR(128),
    cluster_id      VARCHAR(64),
    subnet_id       VARCHAR(64),
    status          VARCHAR(16)   NOT NULL,
    address         VARCHAR(15),
    host            VARCHAR(255),
    flavor          VARCHAR(128),
    image           VARCHAR(255),
    boot_disk       VARCHAR(16),
    disk_gb         INT           NOT NULL,
    -- JSON array of names
    security_groups VARCHAR(4096) NOT NULL,
    preemptible     BOOLEAN       NOT NULL,
    attempt         INT           NOT NULL,
    pending_action  VARCHAR(16),
    failure_reason  VARCHAR(1024),
    nova_server_id  VARCHAR(64),
    created_at      TIMESTAMP(6)  NOT NULL,
    updated_at      TIMESTAMP(6)  NOT NULL,
    -- sequence number of the server's last event applied: older events are skipped, so replays are harmless
    version         BIGINT        NOT NULL,
    -- lists hide DELETED servers unless asked for them: every list query has "deleted = ?" (an equality, so
    -- each index below still gives its order), and deleted rows sit apart in every index however many pile up
    deleted         BOOLEAN       GENERATED ALWAYS AS (status = 'DELETED') STORED,
    PRIMARY KEY (id),
    -- Every list is ORDER BY <sort column(s)>, id. InnoDB appends the primary key to each secondary index, so
    -- (deleted, x, created_at) is really (deleted, x, created_at, id): a filter on x sorted by created_at reads
    -- one page of the index in order and stops, and the page's ids come from the index alone (deep pages too).
    -- Sorting by status means (status, created_at, id).
    -- Unfiltered and by status, for each sort:
    KEY ix_server_view_created (deleted, created_at),
    KEY ix_server_view_updated (deleted, updated_at),
    KEY ix_server_view_name (deleted, name),
    KEY ix_server_view_status_created (deleted, status, created_at),
    KEY ix_server_view_status_updated (deleted, status, updated_at),
    KEY ix_server_view_status_name (deleted, status, name),
    -- by tenant (the common case), for each sort, and tenant + status:
    KEY ix_server_view_tenant_created (deleted, tenant, created_at),
    KEY ix_server_view_tenant_updated (deleted, tenant, updated_at),
    KEY ix_server_view_tenant_name (deleted, tenant, name),
    KEY ix_server_view_tenant_status (deleted, tenant, status, created_at),
    -- by VPC, for each sort, and VPC + status (at most 4,096 servers, often created together: without these,
    -- ordered scans of the unfiltered indexes looked cheaper to the optimizer than they were)
    KEY ix_server_view_vpc_created (deleted, vpc_id, created_at),
    KEY ix_server_view_vpc_name (deleted, vpc_id, name),
    KEY ix_server_view_vpc_updated (deleted, vpc_id, updated_at),
    KEY ix_server_view_vpc_status (deleted, vpc_id, status, created_at),
    -- by cluster (a large share of all servers: ordered scans of the unfiltered indexes find a page fast)
    KEY ix_server_view_cluster_status (deleted, cluster_id, status, created_at),
    -- by address (a handful of rows, DELETED ones being its earlier holders)
    KEY ix_server_view_address (deleted, address),
    -- a batch's servers, every status
    KEY ix_server_view_batch (batch_id, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per batch: its progress counters.
CREATE TABLE batch_view (
    id           VARCHAR(64)  NOT NULL,
    tenant       VARCHAR(128) NOT NULL,
    name_prefix  VARCHAR(255) NOT NULL,
    requested    INT          NOT NULL,
    active       INT          NOT NULL,
    failed       INT          NOT NULL,
    completed    BOOLEAN      NOT NULL,
    created_at   TIMESTAMP(6) NOT NULL,
    completed_at TIMESTAMP(6) NULL,
    -- sequence number of the batch's last event applied: a settled server is counted once, however often delivered
    version      BIGINT       NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
