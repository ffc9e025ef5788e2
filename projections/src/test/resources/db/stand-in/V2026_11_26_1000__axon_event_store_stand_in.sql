-- Test-only stand-in for the one table of the app module's Axon event store (V2026_11_26_1000__axon_event_store.sql)
-- that a projections migration reads: V2026_11_27_1220__ip_history_position.sql joins DomainEventEntry to fill
-- ip_history_view.global_index. Only the columns that migration uses.
CREATE TABLE DomainEventEntry (
    globalIndex     BIGINT       NOT NULL AUTO_INCREMENT,
    eventIdentifier VARCHAR(255) NOT NULL,
    PRIMARY KEY (globalIndex),
    UNIQUE KEY uk_event_identifier (eventIdentifier)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
