package io.ultron.api.cluster;

/** What a cluster can offer; placement only picks clusters with the capability a request needs. */
public enum Capability {
    CLOUD_DISK,
    LOCAL_DISK,
    BARE_METAL,
    LOAD_BALANCER
}
