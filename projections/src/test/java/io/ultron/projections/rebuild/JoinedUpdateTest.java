package io.ultron.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinedUpdateTest {

    private static final Map<String, Set<String>> KEYS = Map.of("view_next", Set.of("id"), "pool_next", Set.of("subnet_id", "cluster_id"));

    @Test
    void aGuardedUpdateBecomesOneStatementJoinedByItsKey() {
        var joined = JoinedUpdate.of("UPDATE view_next SET status = ?, drain_reason = ?, version = ? WHERE id = ? AND version < ?", KEYS);

        assertThat(joined).isPresent();
        assertThat(joined.get().sql(2)).isEqualTo("UPDATE view_next view_row JOIN (SELECT ? AS p1, ? AS p2, ? AS p3, ? AS p4, ? AS p5"
                + " UNION ALL SELECT ?, ?, ?, ?, ?) new_values ON view_row.id = new_values.p4 AND view_row.version < new_values.p5"
                + " SET view_row.status = new_values.p1, view_row.drain_reason = new_values.p2, view_row.version = new_values.p3");
        assertThat(JoinedUpdate.parameters(List.of(new Object[]{"A", null, 2L, "c1", 2L}, new Object[]{"B", "x", 3L, "c2", 3L})))
                .containsExactly("A", null, 2L, "c1", 2L, "B", "x", 3L, "c2", 3L);
    }

    @Test
    void countersLiteralsAndCompositeKeysAreKept() {
        var joined = JoinedUpdate.of("""
                UPDATE pool_next SET used = used + ?, status = 'DELETED', free = free - ?
                WHERE subnet_id = ? AND cluster_id = ?
                """, KEYS);

        assertThat(joined).isPresent();
        assertThat(joined.get().sql(1)).isEqualTo("UPDATE pool_next view_row JOIN (SELECT ? AS p1, ? AS p2, ? AS p3, ? AS p4) new_values"
                + " ON view_row.subnet_id = new_values.p3 AND view_row.cluster_id = new_values.p4"
                + " SET view_row.used = view_row.used + new_values.p1, view_row.status = 'DELETED', view_row.free = view_row.free - new_values.p2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO view_next (id, status) VALUES (?, ?)",
            "UPDATE view_next SET status = ? WHERE version < ?",                       // no key: would touch many rows
            "UPDATE view_next SET status = ? WHERE id < ?",                            // key not compared for equality
            "UPDATE pool_next SET used = ? WHERE subnet_id = ?",                       // only part of the key
            "UPDATE view_next SET status = ? WHERE id = ? OR version < ?",
            "UPDATE view_next SET status = ? WHERE id IN (?, ?)",
            "UPDATE view_next SET status = UPPER(?) WHERE id = ?",
            "UPDATE view_next SET used = other + ? WHERE id = ?",                      // counter of another column
            "UPDATE view_next SET reason = 'a, b' WHERE id = ?",
            "UPDATE view_next SET status = ? WHERE id = 'fixed'",
            "UPDATE unknown_next SET status = ? WHERE id = ?",                          // primary key not known
            "UPDATE view_next SET status = ? WHERE id = ? ORDER BY id LIMIT 1"
    })
    void anythingElseIsSentAsItWas(String sql) {
        assertThat(JoinedUpdate.of(sql, KEYS)).isEmpty();
    }

    @Test
    void aBatchThatNamesARowTwiceIsNotJoined() {
        var joined = JoinedUpdate.of("UPDATE pool_next SET used = used + ? WHERE subnet_id = ? AND cluster_id = ?", KEYS).orElseThrow();

        assertThat(joined.touchesEachRowOnce(List.of(new Object[]{1, "s1", "az0"}, new Object[]{1, "s1", "az1"}))).isTrue();
        assertThat(joined.touchesEachRowOnce(List.of(new Object[]{1, "s1", "az0"}, new Object[]{1, "s1", "az0"}))).isFalse();
        assertThat(joined.touchesEachRowOnce(List.<Object[]>of(new Object[]{1, "s1"}))).isFalse();
    }

    @Test
    void theSameKeyAsIntegerAndAsLongIsTheSameRow() {
        var joined = JoinedUpdate.of("UPDATE view_next SET status = ? WHERE id = ?", KEYS).orElseThrow();

        assertThat(joined.touchesEachRowOnce(List.of(new Object[]{"A", 7}, new Object[]{"B", 7L}))).isFalse();
    }
}
