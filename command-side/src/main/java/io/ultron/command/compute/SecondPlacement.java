package io.ultron.command.compute;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;

import java.util.List;
import java.util.Optional;

/** Where a server goes when its first cluster failed it (see {@link ServerPlacement}). */
interface SecondPlacement {

    /** Another cluster with room, with the capacity reserved; empty when there is none. */
    Optional<PlacedServer> placeAgain(ServerId server, ServerSpec spec, int vcpus, int ramMb, List<ClusterId> excluded);

    /** Gives back what placement reserved for servers that will not go there after all. */
    void release(List<PlacedServer> servers);
}
