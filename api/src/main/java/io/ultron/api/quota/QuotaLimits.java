package io.ultron.api.quota;

/**
 * A tenant's limits across every cluster; null is unlimited. {@link #UNLIMITED} for a tenant nobody set a quota for.
 */
public record QuotaLimits(Long servers, Long vcpus, Long ramMb, Long addresses, Long vpcs) {

    public static final QuotaLimits UNLIMITED = new QuotaLimits(null, null, null, null, null);

    public QuotaLimits {
        for (Long limit : new Long[]{servers, vcpus, ramMb, addresses, vpcs}) {
            if (limit != null && limit < 0) {
                throw new IllegalArgumentException("a quota limit is zero or more");
            }
        }
    }

    /** Whether servers, vCPUs or RAM is limited: otherwise reserving servers decides nothing. */
    public boolean limitsServers() {
        return servers != null || vcpus != null || ramMb != null;
    }
}
