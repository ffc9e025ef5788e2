package io.ultron.api.compute;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identity of a batch of servers created by one request. */
public record BatchId(@JsonValue String value) {

    public BatchId {
        Objects.requireNonNull(value, "batch id");
    }

    @JsonCreator
    public static BatchId of(String value) {
        return new BatchId(value);
    }

    public static BatchId random() {
        return new BatchId("batch-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value;
    }
}
