package io.ultron.api.quota;

import io.ultron.api.compute.ServerId;

/** One server's share of a tenant's quota: one server, its flavor's vCPUs and RAM. */
public record ServerHolding(ServerId serverId, int vcpus, int ramMb) {
}
