-- Which events carry which trace id (event metadata is a blob and cannot be indexed); written by
-- TraceIndexProjection, read by GET /api/v1/traces/{traceId}.
CREATE TABLE trace_event_index (
    global_index    BIGINT       NOT NULL,
    trace_id        VARCHAR(128) NOT NULL,
    aggregate_id    VARCHAR(255),
    sequence_number BIGINT,
    payload_type    VARCHAR(255) NOT NULL,
    occurred_at     TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (global_index),
    KEY ix_trace_event_index_trace (trace_id, global_index)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
