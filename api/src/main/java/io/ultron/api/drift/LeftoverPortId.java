package io.ultron.api.drift;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ultron.api.cluster.ClusterId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Identity of a Neutron port named {@code ultron-*} that nothing of Ultron's owns, derived from cluster and port id. */
public record LeftoverPortId(@JsonValue String value) {

    public LeftoverPortId {
        Objects.requireNonNull(value, "leftover port id");
    }

    @JsonCreator
    public static LeftoverPortId of(String value) {
        return new LeftoverPortId(value);
    }

    public static LeftoverPortId of(ClusterId cluster, String neutronPortId) {
        byte[] name = (cluster.value() + "/port/" + neutronPortId).getBytes(StandardCharsets.UTF_8);
        return new LeftoverPortId("lop-" + UUID.nameUUIDFromBytes(name));
    }

    @Override
    public String toString() {
        return value;
    }
}
