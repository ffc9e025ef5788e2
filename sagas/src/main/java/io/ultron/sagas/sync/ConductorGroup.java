package io.ultron.sagas.sync;

import io.ultron.api.cluster.ClusterView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The clusters whose offline work (sync, capacity) this conductor takes: those of the IDCs in {@code ultron.conductor.idcs}
 * ({@code ULTRON_CONDUCTOR_IDCS}) and those named or identified in {@code ultron.conductor.clusters}
 * ({@code ULTRON_CONDUCTOR_CLUSTERS}), comma-separated. Neither set: every cluster.
 */
@Component
public class ConductorGroup {

    private final Set<String> idcs;
    private final Set<String> clusters;

    public ConductorGroup(@Value("${ultron.conductor.idcs:}") String idcs,
                          @Value("${ultron.conductor.clusters:}") String clusters) {
        this.idcs = list(idcs);
        this.clusters = list(clusters);
    }

    public boolean covers(ClusterView cluster) {
        if (idcs.isEmpty() && clusters.isEmpty()) {
            return true;
        }
        return idcs.contains(cluster.idc()) || clusters.contains(cluster.name()) || clusters.contains(cluster.id().value());
    }

    @Override
    public String toString() {
        return idcs.isEmpty() && clusters.isEmpty() ? "every cluster" : "IDCs " + idcs + ", clusters " + clusters;
    }

    private static Set<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
