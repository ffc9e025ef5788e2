package io.ultron.sim.network;

import java.util.List;

/** Admin view of a network. */
public record NetworkView(String id, String name, List<String> subnetIds) {
}
