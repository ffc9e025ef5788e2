-- Axon's JDBC tables (event store, snapshots, tokens, sagas, dead letters) with the column names
-- Axon's JDBC engines use by default. Payloads are LONGBLOB: BLOB stops at 64 KB.

CREATE TABLE DomainEventEntry (
    -- AUTO_INCREMENT, not a sequence table: the global order of all events
    globalIndex         BIGINT       NOT NULL AUTO_INCREMENT,
    aggregateIdentifier VARCHAR(255) NOT NULL,
    sequenceNumber      BIGINT       NOT NULL,
    type                VARCHAR(255),
    eventIdentifier     VARCHAR(255) NOT NULL,
    metaData            LONGBLOB,
    payload             LONGBLOB     NOT NULL,
    payloadRevision     VARCHAR(255),
    payloadType         VARCHAR(255) NOT NULL,
    -- ISO-8601 UTC instant, as Axon writes it
    timeStamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (globalIndex),
    UNIQUE KEY uk_event_aggregate_sequence (aggregateIdentifier, sequenceNumber),
    UNIQUE KEY uk_event_identifier (eventIdentifier)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE SnapshotEventEntry (
    aggregateIdentifier VARCHAR(255) NOT NULL,
    sequenceNumber      BIGINT       NOT NULL,
    type                VARCHAR(255) NOT NULL,
    eventIdentifier     VARCHAR(255) NOT NULL,
    metaData            LONGBLOB,
    payload             LONGBLOB     NOT NULL,
    payloadRevision     VARCHAR(255),
    payloadType         VARCHAR(255) NOT NULL,
    timeStamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregateIdentifier, sequenceNumber),
    UNIQUE KEY uk_snapshot_event_identifier (eventIdentifier)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE TokenEntry (
    processorName VARCHAR(255) NOT NULL,
    segment       INT          NOT NULL,
    token         LONGBLOB,
    tokenType     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorName, segment)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE SagaEntry (
    sagaId         VARCHAR(255) NOT NULL,
    revision       VARCHAR(255),
    sagaType       VARCHAR(255),
    serializedSaga LONGBLOB,
    PRIMARY KEY (sagaId)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE AssociationValueEntry (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    associationKey   VARCHAR(255),
    associationValue VARCHAR(255),
    sagaId           VARCHAR(255),
    sagaType         VARCHAR(255),
    PRIMARY KEY (id),
    KEY ix_association_lookup (sagaType, associationKey, associationValue),
    KEY ix_association_saga (sagaId, sagaType)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE DeadLetterEntry (
    deadLetterIdentifier VARCHAR(255)  NOT NULL,
    processingGroup      VARCHAR(255)  NOT NULL,
    sequenceIdentifier   VARCHAR(255)  NOT NULL,
    sequenceIndex        BIGINT        NOT NULL,
    messageType          VARCHAR(255)  NOT NULL,
    eventIdentifier      VARCHAR(255)  NOT NULL,
    timestamp            VARCHAR(255)  NOT NULL,
    payloadType          VARCHAR(255)  NOT NULL,
    payloadRevision      VARCHAR(255),
    payload              LONGBLOB      NOT NULL,
    metaData             LONGBLOB,
    type                 VARCHAR(255),
    aggregateIdentifier  VARCHAR(255),
    sequenceNumber       BIGINT,
    tokenType            VARCHAR(255),
    token                LONGBLOB,
    enqueuedAt           VARCHAR(255)  NOT NULL,
    lastTouched          VARCHAR(255),
    processingStarted    VARCHAR(255),
    causeType            VARCHAR(255),
    causeMessage         VARCHAR(1023),
    diagnostics          LONGBLOB,
    PRIMARY KEY (deadLetterIdentifier),
    UNIQUE KEY uk_dead_letter_sequence_index (processingGroup, sequenceIdentifier, sequenceIndex),
    KEY ix_dead_letter_group (processingGroup),
    KEY ix_dead_letter_sequence (processingGroup, sequenceIdentifier)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
