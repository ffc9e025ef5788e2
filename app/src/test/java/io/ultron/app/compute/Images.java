package io.ultron.app.compute;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Glance image ids of the simulator (the same in every cluster: a name-based UUID of the image's name). */
public final class Images {

    public static final String CIRROS = UUID.nameUUIDFromBytes("cirros-0.6.2-x86_64".getBytes(StandardCharsets.UTF_8)).toString();

    private Images() {
    }
}
