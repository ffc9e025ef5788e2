package io.ultron.api.quota;

/** {@code GET /api/v1/tenants/{tenant}/quota}: the limits and the usage the quota decides on (reservations included). */
public record TenantQuotaView(String tenant, QuotaLimits limits, QuotaUsage usage) {
}
