-- Changes to a view row are written as INSERT … ON DUPLICATE KEY UPDATE guarded by the row's version (ViewWrites
-- .updateIfNewer), so that a batch of them is one multi-row statement. The row always exists by then (an aggregate's
-- first event creates it), but the statement's own row must still be valid: columns it does not name need defaults.
ALTER TABLE cluster_view
    ALTER COLUMN name SET DEFAULT '',
    ALTER COLUMN area SET DEFAULT '',
    ALTER COLUMN idc SET DEFAULT '',
    ALTER COLUMN keystone_url SET DEFAULT '',
    ALTER COLUMN credentials_ref SET DEFAULT '',
    ALTER COLUMN release_label SET DEFAULT '',
    ALTER COLUMN capabilities SET DEFAULT '',
    ALTER COLUMN max_concurrent_calls SET DEFAULT 0,
    ALTER COLUMN status SET DEFAULT '',
    ALTER COLUMN registered_at SET DEFAULT '1970-01-01 00:00:01';

ALTER TABLE server_view
    ALTER COLUMN batch_id SET DEFAULT '',
    ALTER COLUMN tenant SET DEFAULT '',
    ALTER COLUMN name SET DEFAULT '',
    ALTER COLUMN vpc_id SET DEFAULT '',
    ALTER COLUMN status SET DEFAULT '',
    ALTER COLUMN disk_gb SET DEFAULT 0,
    ALTER COLUMN security_groups SET DEFAULT '[]',
    ALTER COLUMN preemptible SET DEFAULT FALSE,
    ALTER COLUMN attempt SET DEFAULT 0,
    ALTER COLUMN created_at SET DEFAULT '1970-01-01 00:00:01';

ALTER TABLE batch_view
    ALTER COLUMN tenant SET DEFAULT '',
    ALTER COLUMN name_prefix SET DEFAULT '',
    ALTER COLUMN requested SET DEFAULT 0,
    ALTER COLUMN active SET DEFAULT 0,
    ALTER COLUMN failed SET DEFAULT 0,
    ALTER COLUMN completed SET DEFAULT FALSE,
    ALTER COLUMN created_at SET DEFAULT '1970-01-01 00:00:01';
