package io.ultron.twonodes;

import io.ultron.api.cluster.ClusterRegisteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Test-only event handler (outside io.ultron.app so that no other test context scans it) that is deliberately NOT idempotent: one row per delivery, naming the node.
 * Uses the same processor settings as cluster-view, so duplicates or losses across nodes would show.
 */
@Component
@ProcessingGroup("cluster-view")
public class HandledEventLog {

    private final JdbcTemplate jdbc;
    private final String node;

    HandledEventLog(JdbcTemplate jdbc, @Value("${ultron.test.node-name}") String node) {
        this.jdbc = jdbc;
        this.node = node;
        jdbc.execute("CREATE TABLE IF NOT EXISTS handled_event (event_id VARCHAR(64) NOT NULL, node VARCHAR(32) NOT NULL)");
    }

    @EventHandler
    void on(ClusterRegisteredEvent event, EventMessage<?> message) {
        jdbc.update("INSERT INTO handled_event (event_id, node) VALUES (?, ?)", message.getIdentifier(), node);
    }
}
