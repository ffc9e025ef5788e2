package io.ultron.sim.compute;

import java.util.List;
import java.util.Map;

/** Admin view of a server: where it runs, what it holds. */
public record ServerView(String id, String name, String status, String host, String flavorId, List<String> portIds,
                         List<String> volumeIds, Map<String, String> metadata, String faultMessage) {
}
