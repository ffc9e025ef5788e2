package io.ultron.projections.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads rows as plain maps (column name to value, TIMESTAMP columns as {@link java.time.Instant}) to compare whole. */
public final class Rows {

    private final JdbcTemplate jdbc;

    public Rows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> all(String sql, Object... args) {
        return jdbc.queryForList(sql, args).stream().map(Rows::normalized).toList();
    }

    /** The one row the query finds; fails on none or several. */
    public Map<String, Object> one(String sql, Object... args) {
        List<Map<String, Object>> rows = all(sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row of " + sql + " " + List.of(args) + ", found " + rows);
        }
        return rows.get(0);
    }

    /** Every row of a table, in primary key order (the first column, or the first two). */
    public List<Map<String, Object>> table(String table) {
        return all("SELECT * FROM " + table + " ORDER BY 1, 2");
    }

    /** An expected row: column, value, column, value, ... (values may be null). */
    public static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    private static Map<String, Object> normalized(Map<String, Object> row) {
        Map<String, Object> plain = new LinkedHashMap<>();
        row.forEach((column, value) -> plain.put(column, plain(value)));
        return plain;
    }

    private static Object plain(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            // the sessions run in UTC
            return local.toInstant(ZoneOffset.UTC);
        }
        return value;
    }
}
