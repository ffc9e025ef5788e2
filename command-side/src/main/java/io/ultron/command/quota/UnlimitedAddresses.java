package io.ultron.command.quota;

import io.ultron.api.quota.QuotaIds;
import io.ultron.api.quota.TenantQuotaSetEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a tenant's addresses are unlimited, known without the quota aggregate's lock or a transaction: a REST
 * allocation of such a tenant (the hot path) then sends no reservation command at all. A tenant is known unlimited up
 * to an event of its quota's stream (it never had a quota, or its aggregate said so on the events up to that one);
 * one indexed read of the stream's events after that one (normally none, or a few usage counts) tells whether a quota
 * was set since, and if one was, the aggregate decides again. This is the decision the aggregate would make on the
 * same events: there is no limit to check and nothing to store. A tenant whose addresses the aggregate last found
 * limited goes to the aggregate directly (one command, no read before it).
 */
@Component
class UnlimitedAddresses {

    private static final String SET_EVENT = TenantQuotaSetEvent.class.getName();
    private static final int MAX_REMEMBERED = 100_000;
    private static final long LIMITED = Long.MIN_VALUE;

    private final JdbcTemplate jdbc;
    /** tenant → the last event of its quota's stream up to which its addresses are known unlimited, or {@link #LIMITED} */
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    UnlimitedAddresses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when no quota was set since the tenant was last known unlimited (or ever); false: ask the aggregate. */
    boolean isUnlimited(String tenant) {
        Long upTo = known.get(tenant);
        if (upTo != null && upTo == LIMITED) {
            return false;
        }
        long after = upTo != null ? upTo : -1;
        // the (aggregateIdentifier, sequenceNumber) key: only the events after the known one are read
        Map<String, Object> row = jdbc.queryForMap("SELECT MAX(sequenceNumber) AS lastEvent,"
                + " MAX(CASE WHEN payloadType = ? THEN sequenceNumber END) AS lastSet"
                + " FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber > ?", SET_EVENT, QuotaIds.of(tenant), after);
        if (row.get("lastSet") != null) {
            known.remove(tenant);
            return false;
        }
        remember(tenant, row.get("lastEvent") != null ? ((Number) row.get("lastEvent")).longValue() : after);
        return true;
    }

    /** The aggregate, on its events up to {@code decidedAt}, found the tenant's addresses unlimited. */
    void learnedUnlimited(String tenant, long decidedAt) {
        remember(tenant, decidedAt);
    }

    /** The aggregate found the tenant's addresses limited: its next allocations go to it directly. */
    void learnedLimited(String tenant) {
        remember(tenant, LIMITED);
    }

    private void remember(String tenant, long upTo) {
        if (known.size() >= MAX_REMEMBERED) {
            known.clear();
        }
        known.put(tenant, upTo);
    }
}
