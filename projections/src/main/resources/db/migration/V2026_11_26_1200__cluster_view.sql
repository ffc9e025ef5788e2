-- Read model of the cluster registry, written by ClusterViewProjection.
CREATE TABLE cluster_view (
    id                   VARCHAR(64)  NOT NULL,
    name                 VARCHAR(63)  NOT NULL,
    area                 VARCHAR(64)  NOT NULL,
    idc                  VARCHAR(128) NOT NULL,
    keystone_url         VARCHAR(512) NOT NULL,
    credentials_ref      VARCHAR(255) NOT NULL,
    release_label        VARCHAR(64)  NOT NULL,
    capabilities         VARCHAR(255) NOT NULL,
    max_concurrent_calls INT          NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    registered_at        TIMESTAMP(6) NOT NULL,
    updated_at           TIMESTAMP(6) NOT NULL,
    -- sequence number of the last event applied: older events are skipped, so replays are harmless
    version              BIGINT       NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_cluster_view_name (name),
    KEY ix_cluster_view_idc (idc),
    KEY ix_cluster_view_area (area)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
