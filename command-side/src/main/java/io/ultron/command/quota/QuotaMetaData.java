package io.ultron.command.quota;

/** Event metadata the quota reads. */
public final class QuotaMetaData {

    /** An IpAllocatedEvent's: the REST allocation's address reservation (see {@link Quotas#reserveAddress}). */
    public static final String RESERVATION = "quotaReservation";

    private QuotaMetaData() {
    }
}
