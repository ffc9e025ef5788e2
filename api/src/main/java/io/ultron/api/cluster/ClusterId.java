package io.ultron.api.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identity of one OpenStack cluster known to Ultron. Serialized as its plain string value. */
public record ClusterId(@JsonValue String value) {

    public ClusterId {
        Objects.requireNonNull(value, "cluster id");
    }

    @JsonCreator
    public static ClusterId of(String value) {
        return new ClusterId(value);
    }

    public static ClusterId random() {
        return new ClusterId("cl-" + UUID.randomUUID());
    }

    /** Axon routes commands by the identifier's toString(). */
    @Override
    public String toString() {
        return value;
    }
}
