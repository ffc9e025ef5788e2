package io.ultron.api.cluster;

import org.axonframework.serialization.Revision;

/**
 * Revision 2 added {@code evacuate} (move running workloads off as well); revision-1 events, stored
 * without a revision, are upcast with {@code evacuate = false}, which is what draining meant then.
 */
@Revision("2")
public record ClusterDrainedEvent(ClusterId clusterId, String reason, boolean evacuate) {
}
