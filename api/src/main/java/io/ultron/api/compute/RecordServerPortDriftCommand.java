package io.ultron.api.compute;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * From sync (full syncs): the server's Neutron port is missing or changed. The server records it, and the sagas
 * repair the port, only when it is built, no action or port repair is under way, and nothing newer than
 * {@code observedAt} is known of its port.
 *
 * @param novaServerId the Nova server the port must be bound to
 * @param detail       what was seen, for people
 * @param observedAt   when the sync started reading the cluster
 */
public record RecordServerPortDriftCommand(@TargetAggregateIdentifier ServerId serverId, PortDrift drift,
                                           String novaServerId, String detail, Instant observedAt) {
}
