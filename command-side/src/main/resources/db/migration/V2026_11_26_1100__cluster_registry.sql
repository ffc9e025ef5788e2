-- Set-based validation for cluster registration, written in the command's transaction.
CREATE TABLE cluster_name_claim (
    name       VARCHAR(63)  NOT NULL,
    cluster_id VARCHAR(64)  NOT NULL,
    idc        VARCHAR(128) NOT NULL,
    PRIMARY KEY (name),
    UNIQUE KEY uk_cluster_name_claim_cluster (cluster_id),
    KEY ix_cluster_name_claim_idc (idc)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per IDC, locked while a registration counts that IDC's clusters.
CREATE TABLE cluster_idc_lock (
    idc VARCHAR(128) NOT NULL,
    PRIMARY KEY (idc)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
