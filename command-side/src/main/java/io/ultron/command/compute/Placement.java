package io.ultron.command.compute;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** How many servers of a batch go to each cluster; only clusters that get at least one server appear. */
public record Placement(Map<String, Integer> serversPerCluster) {

    public static final Placement NONE = new Placement(Map.of());

    public Placement {
        TreeMap<String, Integer> sorted = new TreeMap<>();
        serversPerCluster.forEach((cluster, servers) -> {
            Objects.requireNonNull(cluster, "cluster");
            if (servers == null || servers <= 0) {
                throw new IllegalArgumentException("cluster " + cluster + " must get at least one server, got "
                        + servers);
            }
            sorted.put(cluster, servers);
        });
        serversPerCluster = Collections.unmodifiableSortedMap(sorted);
    }

    /** Servers placed over all clusters. */
    public int total() {
        return serversPerCluster.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Servers placed on {@code clusterId}, 0 when none. */
    public int serversOn(String clusterId) {
        return serversPerCluster.getOrDefault(clusterId, 0);
    }

    /** What this placement holds in each cluster for servers of {@code shape}, by cluster id. */
    public Map<String, Reservation> reservationFor(ServerShape shape) {
        TreeMap<String, Reservation> reservations = new TreeMap<>();
        serversPerCluster.forEach((cluster, servers) -> reservations.put(cluster, Reservation.of(shape, servers)));
        return Collections.unmodifiableSortedMap(reservations);
    }
}
