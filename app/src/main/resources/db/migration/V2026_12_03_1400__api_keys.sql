-- API keys of services (issue #13). Only the SHA-256 of a key is kept; every request looks its key up by that
-- hash (the unique index), so a revocation is seen by every node at the next request.
CREATE TABLE api_keys (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    key_hash    CHAR(64)      NOT NULL,
    principal   VARCHAR(128)  NOT NULL,
    -- comma-separated: admin, operator, member, viewer
    roles       VARCHAR(64)   NOT NULL,
    -- comma-separated tenant names
    tenants     VARCHAR(2048) NOT NULL,
    last_four   CHAR(4)       NOT NULL,
    -- UTC instants
    created_at  DATETIME(3)   NOT NULL,
    expires_at  DATETIME(3)   NULL,
    revoked_at  DATETIME(3)   NULL,
    CONSTRAINT uk_api_keys_key_hash UNIQUE (key_hash)
);
