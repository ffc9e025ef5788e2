package io.ultron.api.compute;

/** Queries of the server and batch views. */
public final class ComputeQueries {

    private ComputeQueries() {
    }

    /** Answered by {@link ComputeViews.ServerView}. */
    public record FindServerQuery(ServerId serverId) {
    }

    /**
     * Answered by a list of {@link ComputeViews.ServerView}: the servers that own a Nova server in the cluster, or may
     * own one at any moment (see {@link ServerStatus#ownsNovaServer()}), what sync compares with the cluster.
     */
    public record FindClusterServersQuery(io.ultron.api.cluster.ClusterId clusterId) {
    }

    /**
     * Answered by {@link ComputeViews.ServerPage}. Every filter is optional (null: any); {@code name} matches a
     * prefix; {@code tenants} (null: any) bounds the tenants a caller may see. {@code page} counts from 0;
     * {@code sort} is one of {@link #SORTABLE}.
     */
    public record FindServersQuery(String tenant, java.util.Set<String> tenants, String vpcId, String clusterId, ServerStatus status,
                                   String address, String name, int page, int size, String sort, boolean descending) {

        public static final java.util.List<String> SORTABLE = java.util.List.of("createdAt", "name", "status", "updatedAt");
    }

    /** Answered by {@link ComputeViews.BatchView}. */
    public record FindBatchQuery(BatchId batchId) {
    }

    /**
     * Answered by {@link ComputeViews.ServerPage}: the batch's servers, DELETED ones included (a batch's page is its
     * whole story). Paging and sorting as in {@link FindServersQuery}.
     */
    public record FindBatchServersQuery(BatchId batchId, int page, int size, String sort, boolean descending) {
    }
}
