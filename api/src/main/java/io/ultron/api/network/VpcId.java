package io.ultron.api.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identity of a VPC; also the identity of the aggregate that owns the VPC's whole address space. */
public record VpcId(@JsonValue String value) {

    public VpcId {
        Objects.requireNonNull(value, "vpc id");
    }

    @JsonCreator
    public static VpcId of(String value) {
        return new VpcId(value);
    }

    public static VpcId random() {
        return new VpcId("vpc-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value;
    }
}
