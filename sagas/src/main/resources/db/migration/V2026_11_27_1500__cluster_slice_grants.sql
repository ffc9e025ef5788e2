-- What ClusterSliceGrants needs to know, kept by that handler alone from the events it reads in stored order:
-- the live subnets of every VPC by IDC, and each cluster's IDC.
CREATE TABLE slice_grant_subnet (
    subnet_id VARCHAR(64)  NOT NULL,
    vpc_id    VARCHAR(64)  NOT NULL,
    idc       VARCHAR(128) NOT NULL,
    PRIMARY KEY (subnet_id),
    KEY ix_slice_grant_subnet_idc (idc, vpc_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE slice_grant_cluster (
    cluster_id VARCHAR(64)  NOT NULL,
    idc        VARCHAR(128) NOT NULL,
    PRIMARY KEY (cluster_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
