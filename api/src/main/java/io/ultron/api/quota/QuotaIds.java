package io.ultron.api.quota;

/**
 * A tenant's quota aggregate is stored under {@code tenant-quota:<tenant>}, not the bare tenant name: aggregate ids
 * share one namespace in the event store, and a tenant named like a VPC or server id must not land in its stream.
 */
public final class QuotaIds {

    public static final String PREFIX = "tenant-quota:";

    private QuotaIds() {
    }

    public static String of(String tenant) {
        return PREFIX + tenant;
    }
}
