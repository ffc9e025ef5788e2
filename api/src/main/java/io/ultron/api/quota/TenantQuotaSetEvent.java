package io.ultron.api.quota;

public record TenantQuotaSetEvent(String tenant, QuotaLimits limits) {
}
