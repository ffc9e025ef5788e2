package io.ultron.sim.compute;

import java.util.List;
import java.util.Map;

/**
 * Admin view of a server: where it runs, what it holds, how it is.
 *
 * @param host         the compute host Nova reports (OS-EXT-SRV-ATTR:host), null when none took it
 * @param faultMessage the last fault recorded (Nova shows it while the server is in ERROR), null when none
 * @param vmState      OS-EXT-STS:vm_state ("building", "active", "stopped", "error")
 * @param updated      the server's {@code updated} as Nova shows it, what changes-since compares
 */
public record ServerView(String id, String name, String status, String host, String flavorId, List<String> portIds,
                         List<String> volumeIds, Map<String, String> metadata, String faultMessage, String vmState,
                         String updated) {
}
