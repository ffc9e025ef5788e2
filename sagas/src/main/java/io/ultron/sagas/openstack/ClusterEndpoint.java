package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

/** Where and how to reach one cluster: its Keystone v3 URL, the reference to its credentials, its call cap. */
public record ClusterEndpoint(ClusterId clusterId, String name, String keystoneUrl, String credentialsRef, int maxConcurrentCalls) {
}
