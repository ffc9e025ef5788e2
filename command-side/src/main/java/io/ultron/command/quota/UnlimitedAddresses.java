package io.ultron.command.quota;

import io.ultron.api.quota.QuotaIds;
import io.ultron.api.quota.TenantQuotaSetEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    private final Map<String, Reads> reads = new ConcurrentHashMap<>();
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "quota-unlimited-read");
        thread.setDaemon(true);
        return thread;
    });

    UnlimitedAddresses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * True when no quota was set since the tenant was last known unlimited (or ever); false: ask the aggregate. The
     * requests that arrive while a read for the tenant runs share the next read, which starts after all of them
     * arrived (so each is answered from the store as it was when it asked, or later), and so a burst of allocations
     * costs a few reads, not one each.
     */
    boolean isUnlimited(String tenant) {
        Long upTo = known.get(tenant);
        if (upTo != null && upTo == LIMITED) {
            return false;
        }
        Reads reads = this.reads.computeIfAbsent(tenant, t -> new Reads());
        Round mine;
        boolean lead = false;
        synchronized (reads) {
            if (reads.next == null) {
                reads.next = new Round();
            }
            mine = reads.next;
            if (!reads.reading) {
                reads.reading = true;
                reads.next = null;
                lead = true;
            }
        }
        if (lead) {
            run(tenant, reads, mine);
        }
        try {
            return mine.answer.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime : failed;
        }
    }

    /** Reads for one round, then hands the round that gathered meanwhile (if any) to a reader thread. */
    private void run(String tenant, Reads reads, Round round) {
        try {
            round.answer.complete(read(tenant));
        } catch (RuntimeException failed) {
            round.answer.completeExceptionally(failed);
        }
        Round following;
        synchronized (reads) {
            following = reads.next;
            reads.next = null;
            reads.reading = following != null;
        }
        if (following != null) {
            try {
                readers.execute(() -> run(tenant, reads, following));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                run(tenant, reads, following);
            }
        }
    }

    private boolean read(String tenant) {
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

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }

    /** One tenant's reads: the one running, and the round gathering the requests that arrived since it began. */
    private static final class Reads {
        boolean reading;
        Round next;
    }

    private static final class Round {
        final CompletableFuture<Boolean> answer = new CompletableFuture<>();
    }

    private void remember(String tenant, long upTo) {
        if (known.size() >= MAX_REMEMBERED) {
            known.clear();
        }
        known.put(tenant, upTo);
    }
}
