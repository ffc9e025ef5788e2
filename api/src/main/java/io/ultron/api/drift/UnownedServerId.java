package io.ultron.api.drift;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ultron.api.cluster.ClusterId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Identity of a server that sync found in a cluster and no Ultron server owns. Derived from the cluster and the Nova
 * server id, so every sync, on any conductor, names the same Nova server the same way.
 */
public record UnownedServerId(@JsonValue String value) {

    public UnownedServerId {
        Objects.requireNonNull(value, "unowned server id");
    }

    @JsonCreator
    public static UnownedServerId of(String value) {
        return new UnownedServerId(value);
    }

    public static UnownedServerId of(ClusterId cluster, String novaServerId) {
        byte[] name = (cluster.value() + "/" + novaServerId).getBytes(StandardCharsets.UTF_8);
        return new UnownedServerId("uns-" + UUID.nameUUIDFromBytes(name));
    }

    @Override
    public String toString() {
        return value;
    }
}
