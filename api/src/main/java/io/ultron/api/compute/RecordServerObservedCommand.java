package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * From sync: what the cluster shows of the server. Changes the server only when Ultron's own state is older than
 * {@code observedAt} (a sync that read the cluster before Ultron changed the server has nothing to say about it).
 *
 * @param novaStatus Nova's status word: {@code ACTIVE}, {@code SHUTOFF}, {@code ERROR}, ...
 * @param host       the compute host Nova reports, null if none
 * @param fault      Nova's fault message, set when the server is in {@code ERROR}
 * @param observedAt when the sync started reading the cluster
 */
public record RecordServerObservedCommand(@TargetAggregateIdentifier ServerId serverId, String novaStatus, String host,
                                          String fault, Instant observedAt) {
}
