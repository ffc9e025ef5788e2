-- Why a draining cluster drains (from ClusterDrainedEvent.reason). Rows written before this column
-- existed stay NULL until the projection is rebuilt: POST /api/v1/admin/projections/cluster-view/rebuild.
ALTER TABLE cluster_view ADD COLUMN drain_reason VARCHAR(512) NULL;
