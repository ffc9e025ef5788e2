package io.ultron.api.cluster;

/** ACTIVE clusters take new work; DRAINING clusters keep what they run but get nothing new. */
public enum ClusterStatus {
    ACTIVE,
    DRAINING
}
