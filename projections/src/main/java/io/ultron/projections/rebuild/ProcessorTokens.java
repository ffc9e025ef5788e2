package io.ultron.projections.rebuild;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A processing group's rows in Axon's token store ({@code TokenEntry}) as the whole fleet sees them. A processor
 * stores its token only while it owns the row, and claims a row only when it is unowned or its owner's claim is older
 * than the claim timeout; so writing an owner of our own into the rows (a fence) stops that group on every node: a
 * batch in flight fails to store its token and is rolled back with its writes, and nobody claims the rows until the
 * fence is lifted or has timed out.
 */
class ProcessorTokens {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Serializer serializer;

    ProcessorTokens(JdbcTemplate jdbc, TransactionTemplate transactions, Serializer serializer) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.serializer = serializer;
    }

    /** Every segment's position (null where a segment has none yet); empty if the group has no rows. */
    List<TrackingToken> read(String group) {
        return jdbc.query("SELECT token, tokenType FROM TokenEntry WHERE processorName = ? ORDER BY segment",
                (rs, row) -> token(rs.getBytes("token"), rs.getString("tokenType")), group);
    }

    /** Fences every row of the group (see the class comment) and answers the tokens they hold; empty if none. */
    List<TrackingToken> fence(String group, String fence) {
        return transactions.execute(status -> {
            List<TrackingToken> tokens = new ArrayList<>(jdbc.query(
                    "SELECT token, tokenType FROM TokenEntry WHERE processorName = ? ORDER BY segment FOR UPDATE",
                    (rs, row) -> token(rs.getBytes("token"), rs.getString("tokenType")), group));
            jdbc.update("UPDATE TokenEntry SET owner = ?, timestamp = ? WHERE processorName = ?",
                    fence, DateTimeUtils.formatInstant(Instant.now()), group);
            return tokens;
        });
    }

    /** Lifts our fence from the group's rows: its processors claim them again from the tokens they hold. */
    void lift(String group, String fence) {
        jdbc.update("UPDATE TokenEntry SET owner = NULL WHERE processorName = ? AND owner = ?", group, fence);
    }

    /** Lifts any node's fence starting with {@code prefix} from the groups' rows (the fencing node died). */
    void liftAny(String prefix, String... groups) {
        for (String group : groups) {
            jdbc.update("UPDATE TokenEntry SET owner = NULL WHERE processorName = ? AND owner LIKE ?", group, prefix + "%");
        }
    }

    void delete(String group) {
        jdbc.update("DELETE FROM TokenEntry WHERE processorName = ?", group);
    }

    /** Whether every token of {@code ahead} has seen every event each token of {@code behind} has seen. */
    static boolean covers(List<TrackingToken> ahead, List<TrackingToken> behind) {
        if (ahead.isEmpty()) {
            return false;
        }
        for (TrackingToken token : ahead) {
            for (TrackingToken other : behind) {
                if (other != null && (token == null || !token.covers(other))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The lowest position reached by every segment, 0 before any has one. */
    static long position(List<TrackingToken> tokens) {
        long lowest = Long.MAX_VALUE;
        for (TrackingToken token : tokens) {
            lowest = Math.min(lowest, token == null ? 0 : token.position().orElse(0));
        }
        return tokens.isEmpty() ? 0 : Math.max(0, lowest);
    }

    /**
     * The position up to which a segment has applied events. A processor that started on a stored history holds a
     * {@code ReplayToken} until it passes where the history ended; what it has applied is its lower bound.
     */
    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        return WrappedToken.unwrapLowerBound(serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null)));
    }
}
