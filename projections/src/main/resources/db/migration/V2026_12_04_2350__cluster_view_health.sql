-- The cluster's health as its sync finds it (ClusterHealthChangedEvent): UP, DEGRADED or DOWN, since when and why;
-- NULL until the first sync.
ALTER TABLE cluster_view ADD COLUMN health VARCHAR(16) NULL;
ALTER TABLE cluster_view ADD COLUMN health_since TIMESTAMP(6) NULL;
ALTER TABLE cluster_view ADD COLUMN health_reason VARCHAR(512) NULL;
