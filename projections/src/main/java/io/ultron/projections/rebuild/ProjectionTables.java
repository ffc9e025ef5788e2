package io.ultron.projections.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a rebuildable projection's handlers the {@link ViewWrites} of their table.
 *
 * <p>Live (on a processor thread): statements run at once on the view's own table, after a shared lock on
 * the view's row in {@code projection_gate}, taken once per transaction. The rebuilder takes that row
 * exclusively for the few milliseconds of its final catch-up and the table swap, so no live write can fall
 * between the rebuilt table's last event and the swap. The lock is taken before the transaction touches
 * the view table, so a waiting live transaction holds no metadata lock that would block the swap's
 * {@code RENAME TABLE}.
 *
 * <p>Rebuilding (on the rebuilder's thread): statements go to the new table, collected per chunk of
 * events and sent as JDBC batches.
 */
@Component
public class ProjectionTables {

    private static final ThreadLocal<Rebuilding> REBUILDING = new ThreadLocal<>();

    private final JdbcTemplate jdbc;

    public ProjectionTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ViewWrites writes(String table) {
        Rebuilding rebuilding = REBUILDING.get();
        if (rebuilding != null && rebuilding.table.equals(table)) {
            return rebuilding;
        }
        return (key, sql, args) -> {
            enterGate(table);
            jdbc.update(sql.replace(ViewWrites.TABLE, table), args);
        };
    }

    private void enterGate(String table) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
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

    /**
     * Runs {@code work} on this thread with the writes to {@code table} collected for {@code target}, and
     * returns them split into {@code partitions} by row key (partitions touch disjoint rows, so they can be
     * written in parallel). Each partition is a list of rounds: statement n of a row goes in round n, and
     * within a round (where every row appears at most once, so order does not matter) statements with the
     * same SQL form one batch.
     */
    static List<List<Map<String, List<Object[]>>>> collect(String table, String target, int partitions, Runnable work) {
        Rebuilding rebuilding = new Rebuilding(table, target, partitions);
        REBUILDING.set(rebuilding);
        try {
            work.run();
        } finally {
            REBUILDING.remove();
        }
        return rebuilding.partitions;
    }

    static void write(JdbcTemplate jdbc, List<Map<String, List<Object[]>>> rounds) {
        for (Map<String, List<Object[]>> round : rounds) {
            round.forEach(jdbc::batchUpdate);
        }
    }

    private static final class Rebuilding implements ViewWrites {

        final String table;
        final String target;
        final Map<String, Integer> statementsPerKey = new HashMap<>();
        final List<List<Map<String, List<Object[]>>>> partitions = new ArrayList<>();

        Rebuilding(String table, String target, int partitions) {
            this.table = table;
            this.target = target;
            for (int i = 0; i < partitions; i++) {
                this.partitions.add(new ArrayList<>());
            }
        }

        @Override
        public void update(String key, String sql, Object... args) {
            int round = statementsPerKey.merge(key, 1, Integer::sum) - 1;
            List<Map<String, List<Object[]>>> rounds = partitions.get(Math.floorMod(key.hashCode(), partitions.size()));
            while (rounds.size() <= round) {
                rounds.add(new LinkedHashMap<>());
            }
            rounds.get(round).computeIfAbsent(sql.replace(ViewWrites.TABLE, target), s -> new ArrayList<>()).add(args);
        }
    }
}
