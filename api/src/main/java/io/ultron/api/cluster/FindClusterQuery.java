package io.ultron.api.cluster;

public record FindClusterQuery(ClusterId clusterId) {
}
