-- Servers sync found in a cluster that no Ultron server owns (UnownedServer aggregate), written by
-- DriftViewProjection. A row stays when the server is gone, deleted or owned again (present = FALSE), so the drift
-- list can show what was recently there; the list shows present rows unless asked.
CREATE TABLE unowned_server_view (
    id                  VARCHAR(64)   NOT NULL,
    cluster_id          VARCHAR(64)   NOT NULL DEFAULT '',
    nova_server_id      VARCHAR(64)   NOT NULL DEFAULT '',
    name                VARCHAR(255),
    -- LEFTOVER (named ultron-*, nothing of Ultron's holds it) or UNMANAGED (made outside Ultron)
    kind                VARCHAR(16)   NOT NULL DEFAULT '',
    nova_status         VARCHAR(32),
    host                VARCHAR(255),
    -- JSON array of the server's fixed addresses
    addresses           VARCHAR(4096) NOT NULL DEFAULT '[]',
    present             BOOLEAN       NOT NULL DEFAULT FALSE,
    found_at            TIMESTAMP(6)  NOT NULL DEFAULT '1970-01-01 00:00:01',
    updated_at          TIMESTAMP(6)  NOT NULL DEFAULT '1970-01-01 00:00:01',
    deletion_started_at TIMESTAMP(6)  NULL,
    gone_reason         VARCHAR(512)  NULL,
    -- sequence number of the aggregate's last event applied: older events are skipped, so replays are harmless
    version             BIGINT        NOT NULL,
    PRIMARY KEY (id),
    -- sync reads a cluster's present rows; the drift list reads present rows oldest first
    KEY ix_unowned_server_cluster (cluster_id, present),
    KEY ix_unowned_server_found (present, found_at)
);
