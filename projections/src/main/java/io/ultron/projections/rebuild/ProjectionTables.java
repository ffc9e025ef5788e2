package io.ultron.projections.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Gives a rebuildable projection's handlers the {@link ViewWrites} of their tables.
 *
 * <p>Live (on a processor thread): statements run at once on the view's own table, after a shared lock on
 * the projection's row in {@code projection_gate} (named by its main table, shared by all its tables),
 * taken once per transaction. The rebuilder takes that row exclusively for the few milliseconds of its final
 * catch-up and the table swap, so no live write can fall between the rebuilt tables' last event and the swap. The lock is taken before the transaction touches
 * the view table, so a waiting live transaction holds no metadata lock that would block the swap's
 * {@code RENAME TABLE}.
 *
 * <p>Rebuilding (on the rebuilder's thread): statements go to the new tables, collected per chunk of
 * events and sent as JDBC batches.
 */
@Component
public class ProjectionTables {

    private static final ThreadLocal<Rebuilding> REBUILDING = new ThreadLocal<>();

    private final JdbcTemplate jdbc;
    /** Read table → the table naming its projection's gate row; tables not registered are their own gate. */
    private final Map<String, String> gates = new ConcurrentHashMap<>();

    public ProjectionTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ViewWrites writes(String table) {
        Rebuilding rebuilding = REBUILDING.get();
        if (rebuilding != null && rebuilding.targets.containsKey(table)) {
            return (key, sql, args) -> rebuilding.update(table, key, sql, args);
        }
        String gate = gates.getOrDefault(table, table);
        return (key, sql, args) -> {
            enterGate(gate);
            jdbc.update(sql.replace(ViewWrites.TABLE, table), args);
        };
    }

    /**
     * True on the rebuilder's thread while {@code table} is being rebuilt. Its writes are then only collected
     * (the table cannot be read back yet), and every event comes exactly once and in order, so a handler
     * that guards itself by reading a position table may skip the read there.
     */
    public boolean rebuilding(String table) {
        Rebuilding rebuilding = REBUILDING.get();
        return rebuilding != null && rebuilding.targets.containsKey(table);
    }

    /** All tables of the projection share the gate row of its main table. */
    void register(RebuildableProjection projection) {
        for (String table : projection.tables()) {
            gates.put(table, projection.table());
        }
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
     * Runs {@code work} on this thread with the writes to each table of {@code targets} collected for the
     * table it maps to, and returns them split into {@code partitions} by table and row key (partitions touch
     * disjoint rows, so they can be written in parallel). Each partition is a list of rounds: statement n of a row goes in round n, and
     * within a round (where every row appears at most once, so order does not matter) statements with the
     * same SQL form one batch.
     */
    static List<List<Map<String, List<Object[]>>>> collect(Map<String, String> targets, int partitions, Runnable work) {
        Rebuilding rebuilding = new Rebuilding(targets, partitions);
        REBUILDING.set(rebuilding);
        try {
            work.run();
        } finally {
            REBUILDING.remove();
        }
        return rebuilding.partitions;
    }

    /**
     * Sends the rounds in order. Within a round, a batch of a plain single-row UPDATE form goes as one joined
     * statement ({@link JoinedUpdate}), anything else as a JDBC batch.
     *
     * @param joinedForm a statement's joined form, if it has one (see {@link JoinedUpdate#of})
     */
    static void write(JdbcTemplate jdbc, List<Map<String, List<Object[]>>> rounds,
                      Function<String, Optional<JoinedUpdate>> joinedForm) {
        for (Map<String, List<Object[]>> round : rounds) {
            round.forEach((sql, rows) -> {
                Optional<JoinedUpdate> joined = rows.size() < 2 ? Optional.empty() : joinedForm.apply(sql);
                if (joined.isPresent() && joined.get().touchesEachRowOnce(rows)) {
                    int from = 0;
                    while (from < rows.size()) {
                        // pieces of 256, 128, … 1 rows: a connection prepares each joined statement once (at most
                        // nine sizes per form) and then only executes it
                        int size = Integer.highestOneBit(Math.min(rows.size() - from, JoinedUpdate.MAX_ROWS));
                        List<Object[]> part = rows.subList(from, from + size);
                        update(jdbc, size == 1 ? sql : joined.get().sql(size), JoinedUpdate.parameters(part));
                        from += size;
                    }
                } else {
                    jdbc.batchUpdate(sql, rows);
                }
            });
        }
    }

    /** One statement with its parameters set as they are, without JdbcTemplate's per-parameter type lookups. */
    private static void update(JdbcTemplate jdbc, String sql, Object[] parameters) {
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        });
    }

    private static final class Rebuilding {

        final Map<String, String> targets;
        final Map<String, Integer> statementsPerRow = new HashMap<>();
        final List<List<Map<String, List<Object[]>>>> partitions = new ArrayList<>();

        Rebuilding(Map<String, String> targets, int partitions) {
            this.targets = targets;
            for (int i = 0; i < partitions; i++) {
                this.partitions.add(new ArrayList<>());
            }
        }

        void update(String table, String key, String sql, Object... args) {
            String row = table + "/" + key;
            int round = statementsPerRow.merge(row, 1, Integer::sum) - 1;
            List<Map<String, List<Object[]>>> rounds = partitions.get(Math.floorMod(row.hashCode(), partitions.size()));
            while (rounds.size() <= round) {
                rounds.add(new LinkedHashMap<>());
            }
            rounds.get(round).computeIfAbsent(sql.replace(ViewWrites.TABLE, targets.get(table)), s -> new ArrayList<>()).add(args);
        }
    }
}
