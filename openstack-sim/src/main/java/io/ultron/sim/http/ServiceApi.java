package io.ultron.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.sim.cluster.Cluster;

/** One OpenStack service of a cluster (Keystone, Nova, ...). */
public interface ServiceApi {

    /** Answers one call; runs under the cluster lock. Throws {@link ApiException} for error answers. */
    SimResponse handle(Cluster cluster, SimRequest request);

    /** The body this service sends with an error status, used for injected faults and limits. */
    JsonNode errorBody(int status, String message);
}
