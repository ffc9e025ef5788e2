package io.ultron.api.compute;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identity of a server; also the name Ultron gives its Nova server and Neutron port ({@code ultron-<id>}). */
public record ServerId(@JsonValue String value) {

    public ServerId {
        Objects.requireNonNull(value, "server id");
    }

    @JsonCreator
    public static ServerId of(String value) {
        return new ServerId(value);
    }

    public static ServerId random() {
        return new ServerId("srv-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value;
    }
}
