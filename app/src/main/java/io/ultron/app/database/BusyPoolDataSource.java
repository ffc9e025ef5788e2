package io.ultron.app.database;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * The node's connection pool as everything in the node sees it. Hikari's connection-timeout is kept short, so that a
 * database that cannot be reached fails a request within about 2 s; but a pool that is merely busy (every connection
 * in use by the node's own processors, sagas and requests) must not fail anybody that soon. Hikari tells the two
 * apart: its timeout carries the last failure to open or validate a connection as cause, and none once a connection
 * has been opened since. So a timeout without a cause is waited out again, up to {@code busyPoolWait} in all.
 */
final class BusyPoolDataSource extends DelegatingDataSource {

    private final Duration busyPoolWait;

    BusyPoolDataSource(DataSource pool, Duration busyPoolWait) {
        super(pool);
        this.busyPoolWait = busyPoolWait;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.nanoTime() + busyPoolWait.toNanos();
        while (true) {
            try {
                return obtainTargetDataSource().getConnection();
            } catch (SQLTransientConnectionException timeout) {
                if (timeout.getCause() != null || System.nanoTime() - deadline > 0) {
                    throw timeout;
                }
                // every connection in use and none failing: the database is there, wait on
            }
        }
    }
}
