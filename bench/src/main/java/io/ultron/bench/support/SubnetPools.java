package io.ultron.bench.support;

import com.fasterxml.jackson.databind.JsonNode;

/** What the benchmarks wait for before they allocate or place: a subnet made real in Neutron in every cluster. */
public final class SubnetPools {

    private SubnetPools() {
    }

    /** Whether the subnet view has a pool for each of {@code clusters} clusters, every one READY. */
    public static boolean allReady(JsonNode subnet, int clusters) {
        if (!subnet.has("pools") || subnet.get("pools").size() != clusters) {
            return false;
        }
        for (JsonNode pool : subnet.get("pools")) {
            if (!pool.get("provisioningStatus").asText().equals("READY")) {
                return false;
            }
        }
        return true;
    }
}
