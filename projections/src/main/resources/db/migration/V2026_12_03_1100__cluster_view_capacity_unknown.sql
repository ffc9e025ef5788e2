-- Since when, and why, a cluster's capacity cannot be read (ClusterCapacityBecameUnknownEvent); NULL while it can.
ALTER TABLE cluster_view ADD COLUMN capacity_unknown_since TIMESTAMP(6) NULL;
ALTER TABLE cluster_view ADD COLUMN capacity_unknown_reason VARCHAR(512) NULL;
