package io.ultron.projections.rebuild;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * The rebuild writers' own connections, open for one rebuild: the node's database settings, plus server-side
 * prepared statements kept open per connection. A rebuild sends the same few joined statements thousands of times
 * (see {@link JoinedUpdate}); prepared once on the server, each is then neither parsed again by the driver nor by
 * the database, and its parameters travel in binary. Where the node's pool is not Hikari, the writers share it.
 */
final class RebuildConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RebuildConnections.class);

    private final HikariDataSource own;
    final JdbcTemplate jdbc;
    final TransactionTemplate transactions;

    private RebuildConnections(HikariDataSource own, DataSource dataSource) {
        this.own = own;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    static RebuildConnections open(DataSource nodePool, int writers) {
        HikariConfig node;
        try {
            node = nodePool.isWrapperFor(HikariDataSource.class) ? nodePool.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            node = null;
        }
        if (node == null || node.getJdbcUrl() == null) {
            log.warn("the rebuild writes over the node's pool: it is not a Hikari pool with a JDBC URL to copy");
            return new RebuildConnections(null, nodePool);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(node.getJdbcUrl());
        config.setUsername(node.getUsername());
        config.setPassword(node.getPassword());
        if (node.getDriverClassName() != null) {
            config.setDriverClassName(node.getDriverClassName());
        }
        node.getDataSourceProperties().forEach((key, value) -> config.addDataSourceProperty(key.toString(), value));
        config.setPoolName("projection-rebuild");
        config.setMaximumPoolSize(writers);
        config.setMinimumIdle(0);
        config.addDataSourceProperty("useServerPrepStmts", "true");
        config.addDataSourceProperty("cachePrepStmts", "true");
        config.addDataSourceProperty("prepStmtCacheSize", "100");
        config.addDataSourceProperty("prepStmtCacheSqlLimit", "1000000");
        HikariDataSource own = new HikariDataSource(config);
        return new RebuildConnections(own, own);
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
