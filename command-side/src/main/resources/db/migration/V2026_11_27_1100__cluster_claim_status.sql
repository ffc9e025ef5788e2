-- Whether each cluster takes new work, written with the Cluster aggregate's events so that the Vpc aggregate's
-- slice decisions read it on any node without waiting for a view.
ALTER TABLE cluster_name_claim ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'ACTIVE';

-- Clusters drained before this column existed: their last drain/enable event says DRAINING.
UPDATE cluster_name_claim c
SET c.status = 'DRAINING'
WHERE (SELECT e.payloadType FROM DomainEventEntry e
       WHERE e.aggregateIdentifier = c.cluster_id
         AND e.payloadType IN ('io.ultron.api.cluster.ClusterDrainedEvent', 'io.ultron.api.cluster.ClusterEnabledEvent')
       ORDER BY e.sequenceNumber DESC LIMIT 1) = 'io.ultron.api.cluster.ClusterDrainedEvent';
