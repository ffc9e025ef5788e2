package io.ultron.api.quota;

/** What a tenant uses (and has reserved) of each quota resource. */
public record QuotaUsage(long servers, long vcpus, long ramMb, long addresses, long vpcs) {
}
