-- An address's history is ordered by the events' global index (the order they were stored), not by their
-- timestamps: events of one request share a millisecond, and nodes' clocks differ.
ALTER TABLE ip_history_view ADD COLUMN global_index BIGINT NULL AFTER event_id;

UPDATE ip_history_view h JOIN DomainEventEntry e ON e.eventIdentifier = h.event_id SET h.global_index = e.globalIndex;

ALTER TABLE ip_history_view MODIFY global_index BIGINT NOT NULL,
    DROP INDEX ix_ip_history_address,
    ADD KEY ix_ip_history_address (address, global_index);
