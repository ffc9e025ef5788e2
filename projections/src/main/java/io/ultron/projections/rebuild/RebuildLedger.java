package io.ultron.projections.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code projection_rebuild} table: rebuild requests (from any api node), their steps and progress, so every node
 * sees the same status, and {@code rebuildable_projection}, the projections the conductors run. A plain class, not a
 * component: api nodes (which do not load the projections) and conductors both build one over the database.
 *
 * <p>States: REQUESTED → PREPARING (one conductor makes the new tables) → RUNNING (every conductor runs the rebuild's
 * processing group) → SWITCHING (one conductor swaps the tables in) → DONE, or FAILED. Each step is taken by moving
 * the row from one state to the next, so only one node takes it.
 */
public class RebuildLedger {

    /** A rebuild not reported on for this long belonged to nodes that died; it may be requested again. */
    static final Duration STALE_AFTER = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;

    public RebuildLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Rebuildable projections, as registered by the conductors that run them. */
    public boolean isRebuildable(String projection) {
        return !jdbc.queryForList("SELECT name FROM rebuildable_projection WHERE name = ?", String.class, projection).isEmpty();
    }

    void register(String projection) {
        jdbc.update("INSERT IGNORE INTO rebuildable_projection (name) VALUES (?)", projection);
    }

    /** Records a request; false if a rebuild of this projection is already under way. */
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
                WHERE projection = ? AND (state IN ('DONE', 'FAILED')
                                          OR (state IN ('PREPARING', 'RUNNING') AND updated_at < ?))
                """, now, now, projection, staleBefore) == 1;
    }

    public Optional<RebuildStatus> status(String projection) {
        return jdbc.query("SELECT * FROM projection_rebuild WHERE projection = ?", RebuildLedger::row, projection)
                .stream().findFirst();
    }

    /** Takes the next step: true if the rebuild was in state {@code from} and this node moved it on. */
    boolean move(String projection, String from, String to, String owner) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.update("""
                UPDATE projection_rebuild SET state = ?, owner = ?, updated_at = ?,
                       started_at = IF(? = 'PREPARING', ?, started_at)
                WHERE projection = ? AND state = ?
                """, to, owner, now, to, now, projection, from) == 1;
    }

    /** Takes over a step whose node has not reported for {@code staleAfter}. */
    boolean takeOver(String projection, String state, Duration staleAfter, String owner) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.update("UPDATE projection_rebuild SET owner = ?, updated_at = ? WHERE projection = ? AND state = ? AND updated_at < ?",
                owner, now, projection, state, Timestamp.from(Instant.now().minus(staleAfter))) == 1;
    }

    void progress(String projection, long processed, long position, long head) {
        jdbc.update("""
                UPDATE projection_rebuild SET processed = ?, position = ?, head = ?, updated_at = ?
                WHERE projection = ? AND state = 'RUNNING'
                """, processed, position, head, Timestamp.from(Instant.now()), projection);
    }

    /** Ends a switch-over as DONE, with where the rebuild had got to when the tables were swapped. */
    boolean switched(String projection, long processed, long position, long head, String message) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.update("""
                UPDATE projection_rebuild SET state = 'DONE', processed = ?, position = ?, head = ?, message = ?, updated_at = ?,
                       finished_at = ?
                WHERE projection = ? AND state = 'SWITCHING'
                """, processed, position, head, message, now, now, projection) == 1;
    }

    /** Ends the rebuild as DONE or FAILED, if it is still in state {@code from}. */
    boolean finish(String projection, String from, String state, String message) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.update("UPDATE projection_rebuild SET state = ?, message = ?, updated_at = ?, finished_at = ? WHERE projection = ? AND state = ?",
                state, message == null ? null : message.substring(0, Math.min(message.length(), 1000)), now, now, projection, from) == 1;
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
