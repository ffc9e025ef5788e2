-- Blue/green projection rebuilds (ProjectionRebuilder).
-- One row per rebuildable projection; live writers share-lock it once per transaction, the rebuilder
-- locks it exclusively for its final catch-up and the table swap.
CREATE TABLE projection_gate (
    view_table       VARCHAR(64)  NOT NULL,
    processing_group VARCHAR(128) NOT NULL,
    PRIMARY KEY (view_table),
    UNIQUE KEY uk_projection_gate_group (processing_group)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The latest rebuild request per projection and its progress, visible to every node.
CREATE TABLE projection_rebuild (
    projection   VARCHAR(128)  NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    owner        VARCHAR(255),
    processed    BIGINT        NOT NULL,
    position     BIGINT        NOT NULL,
    head         BIGINT        NOT NULL,
    requested_at TIMESTAMP(6)  NOT NULL,
    started_at   TIMESTAMP(6)  NULL,
    updated_at   TIMESTAMP(6)  NOT NULL,
    finished_at  TIMESTAMP(6)  NULL,
    message      VARCHAR(1024),
    PRIMARY KEY (projection)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
