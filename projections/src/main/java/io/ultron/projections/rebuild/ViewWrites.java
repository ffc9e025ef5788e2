package io.ultron.projections.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a projection's handlers send the statements that write its rows. Live, each runs at once (a statement that
 * fails fails its event alone, which the dead-letter queue then holds); a rebuild sends them in batches
 * ({@link UnitOfWorkBatches}).
 */
@FunctionalInterface
public interface ViewWrites {

    void update(String sql, Object... args);

    static ViewWrites immediate(JdbcTemplate jdbc) {
        return jdbc::update;
    }
}
