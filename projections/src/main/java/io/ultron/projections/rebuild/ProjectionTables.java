package io.ultron.projections.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;

/**
 * Tells a rebuildable projection's handlers which table to write.
 *
 * <p>Live (on a processor thread): the view's own table, after taking a shared lock on the view's row in
 * {@code projection_gate} once per transaction. The rebuilder takes that row exclusively for the few
 * milliseconds of its final catch-up and the table swap, so no live write can fall between the rebuilt
 * table's last event and the swap. The lock is taken before the transaction touches the view table, so
 * a waiting live transaction holds no metadata lock that would block the swap's {@code RENAME TABLE}.
 *
 * <p>Rebuilding (on the rebuilder's thread): the new table being built.
 */
@Component
public class ProjectionTables {

    private static final ThreadLocal<Map<String, String>> REBUILD_TARGETS = new ThreadLocal<>();

    private final JdbcTemplate jdbc;

    public ProjectionTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String forWrite(String table) {
        Map<String, String> targets = REBUILD_TARGETS.get();
        if (targets != null && targets.containsKey(table)) {
            return targets.get(table);
        }
        enterGate(table);
        return table;
    }

    private void enterGate(String table) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            jdbc.queryForList("SELECT view_table FROM projection_gate WHERE view_table = ?", String.class, table);
            return;
        }
        String key = "projection-gate:" + table;
        if (TransactionSynchronizationManager.hasResource(key)) {
            return;
        }
        jdbc.queryForList("SELECT view_table FROM projection_gate WHERE view_table = ? LOCK IN SHARE MODE", String.class, table);
        TransactionSynchronizationManager.bindResource(key, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
    }

    /** Runs {@code work} on this thread with writes to {@code table} redirected to {@code target}. */
    static void redirecting(String table, String target, Runnable work) {
        REBUILD_TARGETS.set(Map.of(table, target));
        try {
            work.run();
        } finally {
            REBUILD_TARGETS.remove();
        }
    }
}
