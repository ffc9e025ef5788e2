package io.ultron.api.compute;

import io.ultron.api.cluster.ClusterId;

/**
 * An OpenStack task of adoption: name the Nova server and its port (the one holding {@code address}) after the Ultron
 * server ({@code ultron-<serverId>}, with its id in the metadata), as Ultron names what it creates, so that every later
 * step finds them. Idempotent.
 */
public record NameAdoptedServerCommand(ServerId serverId, ClusterId clusterId, String novaServerId, String address, int attempt) {
}
