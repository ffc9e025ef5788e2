package io.ultron.app.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an {@link UltronIntegrationTest} class talks to: the application over HTTP, and its own database
 * to prove what was (not) stored.
 */
public abstract class ApiIntegrationTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    protected Http http;

    @BeforeEach
    void connect() {
        http = new Http(port);
    }
}
