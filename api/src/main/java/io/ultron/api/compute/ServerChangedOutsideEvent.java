package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/**
 * Sync found the server changed in its cluster by someone other than Ultron: stopped, started, broken (ERROR, with
 * Nova's fault) or moved to another host.
 *
 * @param novaStatus Nova's status word as read
 * @param status     what that makes the server
 */
public record ServerChangedOutsideEvent(ServerId serverId, ClusterId clusterId, String novaStatus, ServerStatus status,
                                        String host, String fault) {
}
