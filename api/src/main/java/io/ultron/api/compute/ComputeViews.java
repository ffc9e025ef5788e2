package io.ultron.api.compute;

import java.time.Instant;
import java.util.List;

/** Read models of servers and batches. */
public final class ComputeViews {

    private ComputeViews() {
    }

    /**
     * @param pendingAction a start/stop/reboot asked for and not yet done, else null
     * @param failureReason why provisioning (or the last action) failed, else null
     */
    public record ServerView(String id, String batchId, String tenant, String name, String vpcId, String idc,
                             String clusterId, String subnetId, String status, String address, String host,
                             String flavor, String image, String bootDisk, int diskGb, List<String> securityGroups,
                             boolean preemptible, int attempt, String pendingAction, String failureReason,
                             String novaServerId, Instant createdAt, Instant updatedAt) {
    }

    public record ServerPage(List<ServerView> items, int page, int size, long total) {
    }

    /** {@code pending} = requested − active − failed. */
    public record BatchView(String id, String tenant, String namePrefix, int requested, int active, int failed,
                            int pending, boolean completed, Instant createdAt, Instant completedAt) {
    }
}
