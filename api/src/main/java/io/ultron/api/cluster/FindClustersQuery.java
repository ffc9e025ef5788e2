package io.ultron.api.cluster;

/** All clusters, optionally narrowed by area, IDC and status (null means any). */
public record FindClustersQuery(String area, String idc, ClusterStatus status) {
}
