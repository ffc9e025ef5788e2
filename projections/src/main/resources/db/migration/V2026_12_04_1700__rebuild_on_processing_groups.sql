-- Rebuilds run as processing groups of their own (ProjectionRebuilds): live writers no longer pass a gate.
DROP TABLE projection_gate;

-- The projections conductors can rebuild, registered by the conductors at start, so that api nodes can answer for them.
CREATE TABLE rebuildable_projection (
    name VARCHAR(128) NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
