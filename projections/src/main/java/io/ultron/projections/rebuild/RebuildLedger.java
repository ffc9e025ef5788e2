package io.ultron.projections.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code projection_rebuild} table: rebuild requests (from any api node), their claim by one
 * conductor and their progress, so every node sees the same status. A plain class, not a component:
 * api nodes (which do not load the projections) and conductors both build one over the database.
 */
public class RebuildLedger {

    /** A RUNNING rebuild not reported on for this long belonged to a node that died; it may be requested again. */
    static final Duration STALE_AFTER = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;

    public RebuildLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Rebuildable projections, as registered by the conductors that run them. */
    public boolean isRebuildable(String projection) {
        return !jdbc.queryForList("SELECT view_table FROM projection_gate WHERE processing_group = ?", String.class, projection).isEmpty();
    }

    /** Records a request; false if a rebuild of this projection is already requested or running. */
    public boolean request(String projection) {
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp staleBefore = Timestamp.from(Instant.now().minus(STALE_AFTER));
        int inserted = jdbc.update("""
                INSERT IGNORE INTO projection_rebuild (projection, state, processed, position, head, requested_at, updated_at)
                VALUES (?, 'REQUESTED', 0, 0, 0, ?, ?)
                """, projection, now, now);
        if (inserted == 1) {
            return true;
        }
        return jdbc.update("""
                UPDATE projection_rebuild
                SET state = 'REQUESTED', owner = NULL, processed = 0, position = 0, head = 0, requested_at = ?,
                    started_at = NULL, updated_at = ?, finished_at = NULL, message = NULL
                WHERE projection = ? AND (state IN ('DONE', 'FAILED') OR (state = 'RUNNING' AND updated_at < ?))
                """, now, now, projection, staleBefore) == 1;
    }

    public Optional<RebuildStatus> status(String projection) {
        return jdbc.query("SELECT * FROM projection_rebuild WHERE projection = ?", RebuildLedger::row, projection)
                .stream().findFirst();
    }

    boolean claim(String projection, String owner) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.update("""
                UPDATE projection_rebuild SET state = 'RUNNING', owner = ?, started_at = ?, updated_at = ?
                WHERE projection = ? AND state = 'REQUESTED'
                """, owner, now, now, projection) == 1;
    }

    java.util.List<String> requested() {
        return jdbc.queryForList("SELECT projection FROM projection_rebuild WHERE state = 'REQUESTED'", String.class);
    }

    void progress(String projection, long processed, long position, long head) {
        jdbc.update("UPDATE projection_rebuild SET processed = ?, position = ?, head = ?, updated_at = ? WHERE projection = ?",
                processed, position, head, Timestamp.from(Instant.now()), projection);
    }

    void finish(String projection, String state, String message) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("UPDATE projection_rebuild SET state = ?, message = ?, updated_at = ?, finished_at = ? WHERE projection = ?",
                state, message == null ? null : message.substring(0, Math.min(message.length(), 1000)), now, now, projection);
    }

    private static RebuildStatus row(ResultSet rs, int n) throws SQLException {
        return RebuildStatus.of(rs.getString("projection"), rs.getString("state"), rs.getLong("processed"),
                rs.getLong("position"), rs.getLong("head"), instant(rs, "requested_at"), instant(rs, "started_at"),
                instant(rs, "updated_at"), instant(rs, "finished_at"), rs.getString("message"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
