package io.ultron.sim.volume;

/** Admin view of a volume. */
public record VolumeView(String id, String name, int sizeGb, String status, String attachedServerId) {
}
