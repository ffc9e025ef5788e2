package io.ultron.app.support;

import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the event store directly, to prove what was (not) stored. */
public final class EventStoreRows {

    private EventStoreRows() {
    }

    public static int count(JdbcTemplate jdbc) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Integer.class);
        return count == null ? 0 : count;
    }
}
